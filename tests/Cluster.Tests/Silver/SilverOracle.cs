using System.Collections;
using System.Globalization;
using Kardiaflow.Pipeline.Silver;
using Kardiaflow.Tests.Shared;

namespace Kardiaflow.Cluster.Tests.Silver;

/// <summary>
/// The enriched tables recomputed from scratch: LINQ left joins of the current Silver tables (docs/data-contract.md (Silver)), compared
/// with what the grains maintained incrementally.
/// </summary>
internal static class SilverOracle
{
    public static async Task AssertEnrichedEqualsJoinAsync(string lake)
    {
        var patients = await ReadAsync(lake, SilverTables.Patients);
        var encounters = await ReadAsync(lake, SilverTables.Encounters);
        var claims = await ReadAsync(lake, SilverTables.Claims);
        var providers = await ReadAsync(lake, SilverTables.Providers);
        var feedback = await ReadAsync(lake, SilverTables.Feedback);

        var patientById = patients.Rows.ToDictionary(r => (string)r[0]!);
        var current = providers.Rows.Where(r => (bool)r[5]!).ToDictionary(r => (string)r[0]!);
        var encounterIds = encounters.Rows.Select(r => (string)r[0]!).ToHashSet();

        var expectedEncounters = encounters.Rows.Select(e => patientById.TryGetValue((string)e[1]!, out var p)
            ? (object?[])[.. e, p[5], p[1], false]
            : [.. e, null, null, true]);
        var expectedClaims = claims.Rows.Select(c => current.TryGetValue((string)c[2]!, out var p)
            ? (object?[])[.. c, p[1], p[2], false]
            : [.. c, null, null, true]);
        var expectedFeedback = feedback.Rows.Select(f =>
        {
            var missing = f[4] is not string visit || !encounterIds.Contains(visit);
            return f[1] is string id && current.TryGetValue(id, out var p)
                ? (object?[])[.. f, p[1], p[2], false, missing]
                : [.. f, null, null, true, missing];
        });

        AssertSameRows(expectedEncounters, (await ReadAsync(lake, SilverTables.EncountersEnriched)).Rows, SilverTables.EncountersEnriched);
        AssertSameRows(expectedClaims, (await ReadAsync(lake, SilverTables.ClaimsEnriched)).Rows, SilverTables.ClaimsEnriched);
        AssertSameRows(expectedFeedback, (await ReadAsync(lake, SilverTables.FeedbackEnriched)).Rows, SilverTables.FeedbackEnriched);
    }

    public static Task<TableContents> ReadAsync(string lake, string table) => LakeTables.ReadAsync(lake, SilverTables.PathOf(table));

    public static void AssertSameRows(IEnumerable<object?[]> expected, IEnumerable<object?[]> actual, string table)
    {
        var e = expected.Select(Canonical).Order(StringComparer.Ordinal).ToList();
        var a = actual.Select(Canonical).Order(StringComparer.Ordinal).ToList();
        Assert.True(e.SequenceEqual(a), $"{table}: expected {e.Count} rows, found {a.Count}; first difference: " +
            $"{e.Except(a).FirstOrDefault() ?? "-"} vs {a.Except(e).FirstOrDefault() ?? "-"}");
    }

    public static string Canonical(object?[] row) => string.Join(" | ", row.Select(Value));

    private static string Value(object? v) => v switch
    {
        null => "null",
        string s => s,
        DateTime d => d.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        IDictionary m => "{" + string.Join(",", m.Keys.Cast<object>().Select(k => $"{k}={Value(m[k])}").Order(StringComparer.Ordinal)) + "}",
        IEnumerable l => "[" + string.Join(",", l.Cast<object?>().Select(Value)) + "]",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}
