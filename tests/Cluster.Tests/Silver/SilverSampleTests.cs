using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Silver;
using Kardiaflow.Tests.Shared;

namespace Kardiaflow.Cluster.Tests.Silver;

/// <summary>The sample submission through Bronze into Silver (docs/data-contract.md (Silver)): masking, SCD1, enrichment.</summary>
public sealed class SilverSampleTests
{
    [Fact]
    public async Task Sample_patients_are_masked_deduplicated_latest_in_arrival_order_and_enriched_tables_equal_the_join()
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(1);
        var statuses = await SilverRun.SubmitAndWaitAsync(cluster, "silver-sample", TestData.CopySamples());
        Assert.All(statuses, s => Assert.Null(s.LastError));

        var patients = await SilverOracle.ReadAsync(cluster.Lake, SilverTables.Patients);
        Assert.Equal(2983, patients.Count);
        Assert.Equal(patients.Count, patients.Column("id").Distinct().Count());
        Assert.Equal(["id", "birth_year", "marital", "race", "ethnicity", "gender", "_ingest_ts", "_batch_id", "_source_file"], patients.Columns);

        // Latest in arrival order = (_commit_version, _source_file, _source_row), from Bronze's own change feed.
        var bronze = await BronzePatientsAsync(cluster.Lake);
        var duplicated = bronze.GroupBy(b => b.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        Assert.Equal(17, duplicated.Count);
        var expected = bronze.GroupBy(b => b.Id).Select(g => g.MaxBy(b => b.Arrival)!).ToDictionary(b => b.Id);
        var actual = patients.Rows.ToDictionary(r => (string)r[0]!);
        foreach (var (id, latest) in expected)
        {
            Assert.Equal(latest.Silver, actual[id][..6], SilverValueComparer.Instance);
            Assert.Equal(latest.Arrival.SourceFile, actual[id][8]);
        }

        // At least one duplicate is resolved to a row other than the first seen, so "latest" is really tested.
        Assert.Contains(duplicated, id => !bronze.First(b => b.Id == id).Silver.SequenceEqual(expected[id].Silver, SilverValueComparer.Instance));

        await AssertNoPhiAsync(cluster.Lake);
        await SilverOracle.AssertEnrichedEqualsJoinAsync(cluster.Lake);

        var encounters = statuses.Single(s => s.SilverTable == SilverTables.Encounters);
        var feedback = statuses.Single(s => s.SilverTable == SilverTables.Feedback);
        Assert.Equal((await SilverOracle.ReadAsync(cluster.Lake, SilverTables.Feedback)).Count, feedback.RowsRead - feedback.DuplicatesIgnored);
        Assert.Equal(
            (await SilverOracle.ReadAsync(cluster.Lake, SilverTables.Encounters)).Count,
            encounters.RowsRead - encounters.NullKeysDropped - encounters.Superseded);
    }

    /// <summary>No Silver column is a PHI column, and no string in any Silver Parquet file (data, and change data where a batch wrote some) is a PHI value.</summary>
    private static async Task AssertNoPhiAsync(string lake)
    {
        var bronze = await LakeTables.ReadAsync(lake, "bronze/bronze_patients");
        var phi = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in new[] { "SSN", "FIRST", "LAST", "ADDRESS", "PASSPORT", "DRIVERS", "BIRTHPLACE", "MAIDEN" })
        {
            foreach (var v in bronze.Column(c).OfType<string>())
            {
                phi.TryAdd(v, c);
            }
        }

        // A surname like "White" is also a race: values the kept columns legitimately hold are not evidence of a leak.
        foreach (var c in new[] { "ID", "MARITAL", "RACE", "ETHNICITY", "GENDER" })
        {
            foreach (var v in bronze.Column(c).OfType<string>())
            {
                phi.Remove(v);
            }
        }

        Assert.True(phi.Count > 8000, $"only {phi.Count} PHI values read");

        var files = Directory.EnumerateFiles(Path.Combine(lake, "silver"), "*.parquet", SearchOption.AllDirectories).ToList();
        // Change data files exist only when a batch updated keys (insert-only commits write none), which depends on how the
        // sample's files fell into Bronze versions; whichever exist are scanned with the data files.
        Assert.Contains(files, f => !f.Contains("_change_data", StringComparison.Ordinal));
        long strings = 0;
        foreach (var file in files)
        {
            await using var reader = await ParquetFileReader.CreateAsync(File.OpenRead(file), CancellationToken.None);
            Assert.DoesNotContain(reader.Schema.Fields, f => PatientRules.PhiColumns.Contains(f.Name, StringComparer.OrdinalIgnoreCase));
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                foreach (var row in await reader.ReadRowGroupAsync(g, null, CancellationToken.None))
                {
                    for (var c = 0; c < row.Length; c++)
                    {
                        foreach (var s in Strings(row[c]))
                        {
                            strings++;
                            Assert.False(phi.TryGetValue(s, out var source), $"a {source} value is in {Path.GetRelativePath(lake, file)}, column {reader.Schema.Fields[c].Name}");
                        }
                    }
                }
            }
        }

        Assert.True(strings > 10000, $"only {strings} strings scanned");
    }

    /// <summary>Every string in a row, nested lists and maps (keys and values) included.</summary>
    private static IEnumerable<string> Strings(object? value) => value switch
    {
        string s => [s],
        System.Collections.IDictionary m => m.Keys.Cast<object?>().Concat(m.Values.Cast<object?>()).SelectMany(Strings),
        System.Collections.IEnumerable l => l.Cast<object?>().SelectMany(Strings),
        _ => [],
    };

    private static async Task<List<BronzePatient>> BronzePatientsAsync(string lake)
    {
        var changes = await TableChanges.ReadAsync(new LocalLakeStorage(lake), "bronze/bronze_patients", 0, null, CancellationToken.None);
        var names = changes.Schema.Fields.Select(f => f.Name).ToList();
        int I(string n) => names.IndexOf(n);
        var result = new List<BronzePatient>();
        await foreach (var r in changes.Rows)
        {
            if (r[I("_change_type")] is "insert" or "update_postimage")
            {
                var arrival = new ArrivalOrder((long)r[I("_commit_version")]!, (string)r[I("_source_file")]!, (long)r[I("_source_row")]!);
                object?[] silver =
                [
                    r[I("ID")], SilverValues.BirthYear(r[I("BIRTHDATE")] as string), r[I("MARITAL")], r[I("RACE")], r[I("ETHNICITY")], r[I("GENDER")],
                ];
                result.Add(new BronzePatient((string)r[I("ID")]!, arrival, silver));
            }
        }

        return result;
    }

    private sealed record BronzePatient(string Id, ArrivalOrder Arrival, object?[] Silver);
}
