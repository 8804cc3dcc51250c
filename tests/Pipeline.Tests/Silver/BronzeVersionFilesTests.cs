using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Silver;
using Kardiaflow.Pipeline.Tests.Ingestion;

namespace Kardiaflow.Pipeline.Tests.Silver;

/// <summary>A Bronze version read file by file for slices: its files in arrival order, and none when they interleave.</summary>
public sealed class BronzeVersionFilesTests : IDisposable
{
    private static readonly DatasetDefinition Claims = DatasetCatalog.Claims;
    private readonly TempFolder _folder = new();

    private LocalLakeStorage Storage => new(_folder.Root);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Files_come_in_arrival_order_whatever_their_order_in_the_commit_and_are_read_in_the_order_asked()
    {
        var table = await CreateAsync();
        // Committed last part first: arrival order is (file, row), not the order of the add actions.
        var version = await CommitAsync(table, Rows("claims/b.csv", 0, 30), Rows("claims/a.csv", 40, 10), Rows("claims/a.csv", 0, 40));

        var files = await BronzeVersionFiles.ListAsync(Storage, table, Claims, version, default);
        Assert.NotNull(files);
        Assert.Equal([40L, 10, 30], files.Select(f => f.Rows));
        Assert.Equal([("claims/a.csv", 0L, 39L), ("claims/a.csv", 40, 49), ("claims/b.csv", 0, 29)], files.Select(f => (f.First.SourceFile, f.First.SourceRow, f.Last.SourceRow)));

        var rows = await BronzeVersionFiles.ReadAsync(Storage, table, Claims, version, [files[1].Path, files[2].Path], default).ToListAsync();
        Assert.Equal(40, rows.Count);
        Assert.All(rows, r => Assert.Equal(version, r.CommitVersion));
        Assert.Equal([.. Enumerable.Range(40, 10).Select(i => ("claims/a.csv", (long)i)), .. Enumerable.Range(0, 30).Select(i => ("claims/b.csv", (long)i))],
            rows.Select(r => (r.SourceFile, r.SourceRow)));
    }

    [Fact]
    public async Task A_version_whose_files_interleave_in_arrival_order_is_not_cut()
    {
        var table = await CreateAsync();
        var version = await CommitAsync(table, [.. Rows("claims/a.csv", 0, 10), .. Rows("claims/a.csv", 20, 10)], Rows("claims/a.csv", 10, 10));
        Assert.Null(await BronzeVersionFiles.ListAsync(Storage, table, Claims, version, default));
    }

    private Task<DeltaTable> CreateAsync() => DeltaTable.CreateAsync(
        Storage, Claims.BronzeTablePath, Claims.BronzeSchema, [], new Dictionary<string, string> { ["delta.enableChangeDataFeed"] = "true" }, default);

    private static async Task<long> CommitAsync(DeltaTable table, params List<object?[]>[] files)
    {
        var adds = new List<DeltaAction>();
        foreach (var rows in files)
        {
            adds.AddRange(await table.WriteDataFilesAsync(rows, default));
        }

        return (await table.CommitAsync(adds, "WRITE", null, null, default)).Version;
    }

    private static List<object?[]> Rows(string sourceFile, long firstRow, int count) =>
    [
        .. Enumerable.Range(0, count).Select(i =>
        {
            var row = new object?[Claims.BronzeWidth];
            row[Claims.RawColumnCount + AuditColumns.IngestTsOffset] = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
            row[Claims.RawColumnCount + AuditColumns.SourceFileOffset] = sourceFile;
            row[Claims.RawColumnCount + AuditColumns.SourceRowOffset] = firstRow + i;
            row[Claims.RawColumnCount + AuditColumns.BatchIdOffset] = "job-1";
            return row;
        }),
    ];
}
