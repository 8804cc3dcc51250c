using System.Text;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Pages: the unit in which an aggregator partition keeps its Gold data files. A grouping key's page is a second stable
/// hash of the key, independent of its bucket, so an epoch rewrites only the files of the pages whose rows changed, and
/// a page's rows are regenerated from the partition's aggregates (no Gold file is read to rewrite one).
/// </summary>
public static class KpiPages
{
    /// <summary>The page of a grouping key among <paramref name="pages"/>: FNV-1a of its UTF-8, spread by a multiplicative hash.</summary>
    public static int Page(string key, int pages)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 1);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        // The bucket is FNV % buckets (its low bits); the page takes the high bits of a multiplicative mix of all of them.
        var mixed = unchecked(hash * 2654435769u);
        return (int)(((ulong)mixed * (ulong)pages) >> 32);
    }

    /// <summary>The Gold tables whose files a kind's partitions own (the encounter-match row is the coordinator's).</summary>
    public static IReadOnlyList<GoldTable> TablesOf(KpiKind kind) => kind switch
    {
        KpiKind.Patient => [GoldTables.PatientLifecycle, GoldTables.RapidFireClaims],
        KpiKind.Provider => [GoldTables.ProviderDailySpend, GoldTables.Provider7dSpend, GoldTables.FeedbackSatisfaction],
        KpiKind.Specialty => [GoldTables.ClaimApprovalBySpecialty, GoldTables.ClaimDenialBreakdown],
        KpiKind.Procedure => [GoldTables.ClaimAmountOutliers],
        KpiKind.Tag => [GoldTables.FeedbackTagAnalysis],
        _ => [],
    };

    /// <summary>Whether a table's files are owned by aggregator pages (otherwise the coordinator writes it).</summary>
    public static bool IsPaged(string table) =>
        table != GoldTables.FeedbackEncounterMatch.Name && table != GoldTables.HighCostProcedures.Name && table != HighCostRanking.InputName;

    /// <summary>The grouping key a Gold row belongs to (the key of the partition that computes it).</summary>
    public static string GroupingKey(GoldTable table, object?[] row)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(row);
        var ordinal = table.Name == GoldTables.FeedbackSatisfaction.Name || table.Name == GoldTables.ClaimAmountOutliers.Name ? 1 : 0;
        return (string)row[ordinal]!;
    }
}
