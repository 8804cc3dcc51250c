using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Checks;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Tests.Ingestion;

namespace Kardiaflow.Pipeline.Tests.Checks;

/// <summary>Event conservation across tables: each partition's sequence numbers once, none missing (docs/data-contract.md, Streamed arrivals).</summary>
public sealed class EventCheckTests : IDisposable
{
    private static readonly Dictionary<string, string> NoConfig = [];
    private readonly TempFolder _folder = new();

    private LocalLakeStorage Storage => new(_folder.Root);

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(new long[] { 0, 1, 3 }, new long[] { 2 }, "0")]     // Bronze and the general quarantine together: all there
    [InlineData(new long[] { 0, 1, 3 }, new long[0], "1")]           // sequence number 2 lost
    [InlineData(new long[] { 0, 1, 2, 3 }, new long[] { 2 }, "1")]   // sequence number 2 twice
    public async Task Every_sequence_number_of_a_partition_is_in_exactly_one_table(long[] bronze, long[] quarantined, string expected)
    {
        var claims = DatasetCatalog.Claims;
        var table = await DeltaTable.OpenOrCreateAsync(Storage, claims.BronzeTablePath, claims.BronzeSchema, [], NoConfig, CancellationToken.None);
        await table.AppendAsync(bronze.Select(s => Row(claims, "C" + s, s)).ToList(), null, CancellationToken.None);
        if (quarantined.Length > 0)
        {
            var bad = await DeltaTable.OpenOrCreateAsync(Storage, EventQuarantine.TablePath, QuarantineColumns.Schema, [], NoConfig, CancellationToken.None);
            await bad.AppendAsync(quarantined.Select(s => new object?[] { "eventhubs/arrivals/0", s, "b", DateTime.UtcNow, "The event has no dataset property.", "{}" }).ToList(), null, CancellationToken.None);
        }

        var result = Assert.Single(await CheckRunner.RunAsync([EventChecks.For(Storage)], CancellationToken.None));

        Assert.Equal(("eventhubs", "conservation", expected), (result.TableName, result.Metric, result.Value));
        Assert.Equal(expected == "0" ? CheckStatus.Pass : CheckStatus.Fail, result.Status);
    }

    private static object?[] Row(DatasetDefinition dataset, string key, long sequence)
    {
        var row = new object?[dataset.BronzeWidth];
        row[dataset.PrimaryKeyIndex] = key;
        row[dataset.RawColumnCount + AuditColumns.IngestTsOffset] = DateTime.UtcNow;
        row[dataset.RawColumnCount + AuditColumns.SourceFileOffset] = "eventhubs/arrivals/0";
        row[dataset.RawColumnCount + AuditColumns.SourceRowOffset] = sequence;
        row[dataset.RawColumnCount + AuditColumns.BatchIdOffset] = "b";
        return row;
    }
}
