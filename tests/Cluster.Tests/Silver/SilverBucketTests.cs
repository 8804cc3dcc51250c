using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Silver;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Cluster.Tests.Silver;

/// <summary>
/// The key-bucket write path of Silver tables (docs/adr/silver-key-buckets.md) on a real cluster and real Delta
/// tables: what each commit reads and writes, not only the rows it ends with.
/// </summary>
public sealed class SilverBucketTests
{
    private const int Buckets = 4;
    private static readonly DateTime Ingested = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task New_keys_are_an_append_without_change_data_and_an_update_rewrites_only_the_file_that_holds_its_key()
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(2);
        var storage = new LocalLakeStorage(cluster.Lake);
        var writer = new SilverTableWriter(cluster.Client, storage, Buckets);
        var path = SilverTables.PathOf(SilverTables.Patients);

        var first = await writer.WriteAsync(SilverTables.Patients, [.. Enumerable.Range(0, 400).Select(i => Patient(i, "F"))], SilverWriteMode.Upsert, "test", 1, default);
        Assert.Equal(400, first.Inserted);
        var append = await ActionsAsync(storage, path, first.Version);
        Assert.Equal([.. Enumerable.Repeat("add", Buckets)], append.Select(a => a.Kind));
        var inserts = await TableChanges.ReadAsync(storage, path, first.Version, first.Version, default);
        Assert.Equal(400, await inserts.Rows.CountAsync(r => (string)r[^3]! == "insert"));

        // One changed patient and 200 new ones: only the file holding patient 7 is replaced.
        var second = await writer.WriteAsync(
            SilverTables.Patients, [Patient(7, "M"), .. Enumerable.Range(400, 200).Select(i => Patient(i, "F"))], SilverWriteMode.Upsert, "test", 2, default);
        Assert.Equal((200L, 1L), (second.Inserted, second.Updated));
        var merge = await ActionsAsync(storage, path, second.Version);
        var removed = Assert.Single(merge, a => a.Kind == "remove");
        Assert.Contains(merge, a => a.Kind == "cdc");
        var bucketOfSeven = SilverBucketKeys.FilePrefix(Buckets, SilverBucketKeys.BucketOfKey(Id(7), Buckets));
        Assert.True(SilverBucketKeys.IsFileOf(removed.Path, bucketOfSeven), removed.Path);
        // A version with change files is read from them alone, so they hold the inserts too.
        var changes = await (await TableChanges.ReadAsync(storage, path, second.Version, second.Version, default)).Rows.ToListAsync();
        Assert.Equal(200, changes.Count(r => (string)r[^3]! == "insert"));
        Assert.Equal("M", changes.Single(r => (string)r[^3]! == "update_postimage")[5]);

        var table = await DeltaTable.OpenAsync(storage, path, default);
        Assert.All(table.Snapshot.Files.Values, f => Assert.Matches(@"^b4x0[0-3]-", f.Path));
        var rows = await (await table.ReadAsync(null, default)).Rows.ToListAsync();
        Assert.Equal(600, rows.Select(r => r[0]).Distinct().Count());
        Assert.Equal("M", rows.Single(r => (string)r[0]! == Id(7))[5]);

        // The same txn again changes nothing.
        var again = await writer.WriteAsync(SilverTables.Patients, [Patient(8, "M")], SilverWriteMode.Upsert, "test", 2, default);
        Assert.True(again.AlreadyCommitted);
        Assert.Equal(second.Version, (await DeltaTable.OpenAsync(storage, path, default)).Version);
    }

    [Fact]
    public async Task First_occurrence_tables_skip_keys_they_hold_and_a_table_of_another_layout_is_rebucketed_without_a_data_change()
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(1);
        var storage = new LocalLakeStorage(cluster.Lake);
        var path = SilverTables.PathOf(SilverTables.Patients);
        var table = await SilverTableAccess.OpenAsync(storage, SilverTables.Patients, default);
        await table.AppendAsync([.. Enumerable.Range(0, 50).Select(i => Patient(i, "F"))], null, default);
        var appended = table.Version;

        var writer = new SilverTableWriter(cluster.Client, storage, Buckets);
        var result = await writer.WriteAsync(
            SilverTables.Patients, [Patient(3, "M"), Patient(60, "M")], SilverWriteMode.InsertIfAbsent, "test", 1, default);
        Assert.Equal([Id(3)], result.SkippedKeys);
        Assert.Equal(1, result.Inserted);

        // The re-layout is its own version, with no data change: the change feed sees only the insert of patient 60.
        Assert.Equal(appended + 2, result.Version);
        var relayout = await ActionsAsync(storage, path, appended + 1);
        Assert.Contains(relayout, a => a.Kind == "remove");
        Assert.Contains(relayout, a => a.Kind == "add");
        Assert.All(relayout, a => Assert.False(a.DataChange));
        var changes = await (await TableChanges.ReadAsync(storage, path, appended + 1, result.Version, default)).Rows.ToListAsync();
        Assert.Equal([Id(60)], changes.Select(c => (string)c[0]!));

        var rows = await (await (await DeltaTable.OpenAsync(storage, path, default)).ReadAsync(null, default)).Rows.ToListAsync();
        Assert.Equal(51, rows.Count);
        Assert.Equal("F", rows.Single(r => (string)r[0]! == Id(3))[5]);
    }

    [Fact]
    public async Task Patients_buckets_are_the_patient_state_they_report_dimension_changes_and_serve_dimensions_rebuilt_from_the_table()
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(2);
        var storage = new LocalLakeStorage(cluster.Lake);
        var writer = new SilverTableWriter(cluster.Client, storage, Buckets);

        var first = await writer.WriteAsync(SilverTables.Patients, [.. Enumerable.Range(0, 300).Select(i => Patient(i, "F"))], SilverWriteMode.Upsert, "test", 1, default);
        Assert.Equal(300, first.ServedChanged!.Count);

        // Patient 1's gender changes, patient 2 only its marital status, patient 3 not at all, patient 300 is new: only
        // a change of what encounters take from a patient (gender, birth year) or a new patient is reported.
        object?[] married = [.. Patient(2, "F")];
        married[2] = "S";
        var second = await writer.WriteAsync(
            SilverTables.Patients, [Patient(1, "M"), married, Patient(3, "F"), Patient(300, "F")], SilverWriteMode.Upsert, "test", 2, default);
        Assert.Equal((1L, 2L, 1L), (second.Inserted, second.Updated, second.Unchanged));
        Assert.Equal([Id(1), Id(300)], second.ServedChanged!.Order(StringComparer.Ordinal));

        var served = await writer.ServedAsync(SilverTables.Patients, [Id(1), Id(2), Id(300), "patient-unknown"]);
        Assert.Equal(["M", 1951], served[Id(1)]!);
        Assert.Equal(["F", 1952], served[Id(2)]!);
        Assert.Equal(["F", 1950], served[Id(300)]!);
        Assert.Null(served["patient-unknown"]);

        // A redo of a committed batch does not know what it changed.
        Assert.Null((await writer.WriteAsync(SilverTables.Patients, [Patient(1, "F")], SilverWriteMode.Upsert, "test", 2, default)).ServedChanged);

        // A write computed from state read at one version is refused once the table has moved on (nothing written).
        var (readAt, _) = await writer.ServedAtAsync(SilverTables.Patients, [Id(5)]);
        var moved = await writer.WriteAsync(SilverTables.Patients, [Patient(5, "M")], SilverWriteMode.Upsert, "test", 3, default);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            writer.WriteAsync(SilverTables.Patients, [Patient(6, "M")], SilverWriteMode.Upsert, "test", 4, default, stateVersion: readAt));
        Assert.Contains($"moved from version {readAt} to {moved.Version}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(moved.Version, (await DeltaTable.OpenAsync(storage, SilverTables.PathOf(SilverTables.Patients), default)).Version);
        Assert.Equal(0, (await writer.WriteAsync(SilverTables.Patients, [Patient(6, "M")], SilverWriteMode.Upsert, "test", 4, default, stateVersion: moved.Version)).Inserted);

        // Other buckets (another count) know nothing yet: they re-bucket the table and read their values from its files.
        var rebuilt = await new SilverTableWriter(cluster.Client, storage, 3).ServedAsync(SilverTables.Patients, [Id(1), Id(2), Id(299), "patient-unknown"]);
        Assert.Equal(["M", 1951], rebuilt[Id(1)]!);
        Assert.Equal(["F", 1952], rebuilt[Id(2)]!);
        Assert.Equal(["F", 1999], rebuilt[Id(299)]!);
        Assert.Null(rebuilt["patient-unknown"]);
    }

    [Fact]
    public async Task New_rows_are_filed_by_the_Bronze_file_they_came_from_so_an_update_rewrites_only_that_files_rows()
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(1);
        var storage = new LocalLakeStorage(cluster.Lake);
        var writer = new SilverTableWriter(cluster.Client, storage, 1);
        var path = SilverTables.PathOf(SilverTables.Patients);
        object?[] From(int i, string gender, string file)
        {
            object?[] row = [.. Patient(i, gender)];
            row[^1] = file;
            return row;
        }

        // One batch, one bucket, rows from three Bronze files: three data files.
        var first = await writer.WriteAsync(
            SilverTables.Patients, [.. Enumerable.Range(0, 300).Select(i => From(i, "F", $"patients/part_{i % 3}.csv"))], SilverWriteMode.Upsert, "test", 1, default);
        Assert.Equal(3, (await ActionsAsync(storage, path, first.Version)).Count(a => a.Kind == "add"));

        // An update of two rows from part_1 rewrites part_1's file alone: 100 rows, not 300.
        var second = await writer.WriteAsync(
            SilverTables.Patients, [From(1, "M", "patients/part_1b.csv"), From(4, "M", "patients/part_1b.csv")], SilverWriteMode.Upsert, "test", 2, default);
        Assert.Equal((0L, 2L), (second.Inserted, second.Updated));
        var actions = await ActionsAsync(storage, path, second.Version);
        Assert.Single(actions, a => a.Kind == "remove");
        var added = Assert.Single(actions, a => a.Kind == "add");
        var table = await DeltaTable.OpenAsync(storage, path, default);
        var rewritten = await table.ReadFileAsync(table.Snapshot.Files.Values.Single(f => f.Path == added.Path), null, default);
        Assert.Equal(100, rewritten.Count);
        Assert.Equal(2, rewritten.Count(r => (string)r[5]! == "M"));
    }

    private static string Id(int i) => $"patient-{i:D5}";

    private static object?[] Patient(int i, string gender) =>
        [Id(i), 1950 + (i % 50), "M", "white", "nonhispanic", gender, Ingested, "job-1", "patients/p.csv"];

    /// <summary>The file actions of one commit as the log holds them: (add | remove | cdc, path, dataChange).</summary>
    private static async Task<List<(string Kind, string Path, bool DataChange)>> ActionsAsync(ILakeStorage storage, string tablePath, long version)
    {
        await using var stream = await storage.OpenReadAsync($"{tablePath}/_delta_log/{version:D20}.json", default);
        using var reader = new StreamReader(stream);
        var actions = new List<(string, string, bool)>();
        foreach (var line in (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            foreach (var kind in new[] { "add", "remove", "cdc" })
            {
                if (json.RootElement.TryGetProperty(kind, out var action))
                {
                    actions.Add((kind, action.GetProperty("path").GetString()!, action.GetProperty("dataChange").GetBoolean()));
                }
            }
        }

        return actions;
    }
}
