using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Pipeline.Checks;

/// <summary>The <c>validation/smoke_results</c> table: append a run, read the latest run per layer.</summary>
public static class SmokeResults
{
    public const string TablePath = "validation/smoke_results";

    public static StructType Schema { get; } = new(
    [
        new("run_ts", PrimitiveType.Timestamp), new("layer", PrimitiveType.String), new("table_name", PrimitiveType.String),
        new("metric", PrimitiveType.String), new("value", PrimitiveType.String), new("status", PrimitiveType.String),
        new("message", PrimitiveType.String),
    ]);

    public static async Task AppendAsync(ILakeStorage storage, DateTime runTs, IReadOnlyList<CheckResult> results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        var table = await DeltaTable.OpenOrCreateAsync(storage, TablePath, Schema, [], new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        var rows = results.Select(r => new object?[] { runTs, r.Layer, r.TableName, r.Metric, r.Value, r.Status, r.Message }).ToList();
        await table.AppendAsync(rows, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>For each layer, the results of its latest run (ordered by layer then table then metric).</summary>
    public static async Task<IReadOnlyList<(DateTime RunTs, CheckResult Result)>> LatestAsync(ILakeStorage storage, CancellationToken cancellationToken)
    {
        var rows = await LakeScan.TryReadAsync(storage, TablePath, null, cancellationToken).ConfigureAwait(false);
        if (rows is null)
        {
            return [];
        }

        var all = new List<(DateTime RunTs, CheckResult Result)>();
        await foreach (var r in rows.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            all.Add(((DateTime)r[0]!, new CheckResult((string)r[1]!, (string)r[2]!, (string)r[3]!, r[4] as string, (string)r[5]!, r[6] as string)));
        }

        return all.GroupBy(r => r.Result.Layer, StringComparer.Ordinal)
            .SelectMany(g =>
            {
                var latest = g.Max(r => r.RunTs);
                return g.Where(r => r.RunTs == latest);
            })
            .OrderBy(r => LayerOrder(r.Result.Layer)).ThenBy(r => r.Result.TableName, StringComparer.Ordinal).ThenBy(r => r.Result.Metric, StringComparer.Ordinal)
            .ToList();
    }

    private static int LayerOrder(string layer) => layer switch
    {
        BronzeChecks.Layer => 0,
        SilverChecks.Layer => 1,
        GoldChecks.Layer => 2,
        _ => 3,
    };
}
