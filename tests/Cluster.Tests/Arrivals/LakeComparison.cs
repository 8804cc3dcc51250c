using System.Globalization;

namespace Kardiaflow.Cluster.Tests.Arrivals;

/// <summary>
/// The Silver and Gold tables of a lake as sorted row texts, audit columns aside: the columns whose names start with '_'
/// and silver_providers' SCD2 validity times (<c>eff_start_ts</c>, <c>eff_end_ts</c>), which are the versions' arrival
/// times (<c>_ingest_ts</c>); which version is current, and each version's values, are compared.
/// </summary>
internal static class LakeComparison
{
    public static async Task<SortedDictionary<string, List<string>>> SilverAndGoldAsync(string lake)
    {
        var tables = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var layer in new[] { "silver", "gold" })
        {
            foreach (var folder in Directory.EnumerateDirectories(Path.Combine(lake, layer)))
            {
                var path = layer + "/" + Path.GetFileName(folder);
                var contents = await LakeTables.ReadAsync(lake, path);
                var kept = contents.Columns.Select((name, i) => (name, i)).Where(c => !c.name.StartsWith('_') && c.name is not ("eff_start_ts" or "eff_end_ts")).Select(c => c.i).ToList();
                tables[path] = contents.Rows.Select(r => string.Join("|", kept.Select(i => Text(r[i])))).Order(StringComparer.Ordinal).ToList();
            }
        }

        return tables;
    }

    public static void AssertEqual(SortedDictionary<string, List<string>> expected, SortedDictionary<string, List<string>> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        var differences = new List<string>();
        foreach (var (table, rows) in expected)
        {
            var other = actual[table];
            if (!rows.SequenceEqual(other))
            {
                var missing = rows.Except(other).Take(2);
                var extra = other.Except(rows).Take(2);
                differences.Add($"{table}: {rows.Count} rows from files, {other.Count} from events; only in files: [{string.Join("; ", missing)}]; only in events: [{string.Join("; ", extra)}]");
            }
        }

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
        // The comparison means something only with rows in it: on the sample, only the outlier and rapid-fire KPIs are empty.
        Assert.All(expected.Where(t => t.Key is not ("gold/gold_claim_amount_outliers" or "gold/gold_rapid_fire_claims")), t => Assert.NotEmpty(t.Value));
    }

    private static string Text(object? value) => value switch
    {
        null => "∅",
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string s => s,
        System.Collections.IEnumerable e => "[" + string.Join(",", e.Cast<object?>().Select(Text)) + "]",
        _ => value.ToString() ?? "",
    };
}
