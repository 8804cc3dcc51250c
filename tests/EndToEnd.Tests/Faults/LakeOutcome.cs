using System.Globalization;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Checks;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Gold;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.EndToEnd.Tests.Faults;

/// <summary>
/// What a run left in a lake, compared with an undisturbed run's: every Silver and Gold table's rows (without the columns
/// the wall clock decides, as tests/EndToEnd.Tests/AzureProfileClusterTests compares them), every arrival in Bronze or
/// quarantine exactly once, and the latest checks all PASS (conservation among them).
/// </summary>
internal static class LakeOutcome
{
    /// <summary>Derived from the wall clock at ingestion (audit columns, SCD2 validity): they differ between any two runs.</summary>
    private static readonly HashSet<string> RunDependentColumns = ["_ingest_ts", "_batch_id", "eff_start_ts", "eff_end_ts"];

    public static IReadOnlyList<string> Tables { get; } =
        [.. SilverTables.All.Select(SilverTables.PathOf), .. GoldTables.All.Select(t => t.Path)];

    /// <summary>Each Silver and Gold table's rows as sorted canonical lines.</summary>
    public static async Task<Dictionary<string, List<string>>> ReadAsync(string lake)
    {
        var tables = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            tables[table] = Canonical(await LakeTables.ReadAsync(lake, table));
        }

        return tables;
    }

    /// <summary>
    /// Asserts <paramref name="lake"/> holds what the undisturbed run left in <paramref name="expected"/>; returns the Silver
    /// and Gold rows compared, the rows missing (lost) and the rows in excess (duplicated), all three counted before asserting.
    /// </summary>
    public static async Task<(int Rows, int Lost, int Duplicated)> AssertSameAsync(
        Dictionary<string, List<string>> expected, (int Bronze, int Quarantine) expectedArrivals, string lake, string label)
    {
        var actual = await ReadAsync(lake);
        var (rows, lost, duplicated) = (0, 0, 0);
        var differences = new List<string>();
        foreach (var table in Tables)
        {
            var (want, have) = (expected[table], actual[table]);
            rows += have.Count;
            var missing = Multiset(want, have);
            var extra = Multiset(have, want);
            lost += missing;
            duplicated += extra;
            if (missing + extra > 0)
            {
                differences.Add($"{table}: {want.Count} rows undisturbed, {have.Count} here, {missing} missing, {extra} in excess");
            }
        }

        Assert.True(differences.Count == 0, $"{label}: the tables differ from the undisturbed run's:\n{string.Join("\n", differences)}");
        var arrivals = await AssertBronzeExactlyOnceAsync(lake, label);
        Assert.Equal(expectedArrivals, arrivals);
        await AssertChecksPassAsync(lake, label);
        return (rows, lost, duplicated);
    }

    /// <summary>Bronze and quarantine hold each (job, file, row) once and each file's rows 1..n without a gap.</summary>
    public static async Task<(int Bronze, int Quarantine)> AssertBronzeExactlyOnceAsync(string lake, string label)
    {
        var (bronzeRows, quarantineRows) = (0, 0);
        foreach (var dataset in DatasetCatalog.All)
        {
            var bronze = await LakeTables.ReadAsync(lake, dataset.BronzeTablePath);
            var quarantine = await LakeTables.ReadAsync(lake, $"_quarantine/bad_{dataset.Name}");
            bronzeRows += bronze.Count;
            quarantineRows += quarantine.Count;
            var sources = bronze.Sources().Concat(quarantine.Sources()).ToList();
            var twice = sources.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(twice.Count == 0, $"{label}: {twice.Count} {dataset.Name} records twice in Bronze/quarantine, e.g. {twice.FirstOrDefault()}");
            foreach (var file in sources.GroupBy(s => s.File))
            {
                var rows = file.Select(s => s.Row).Order().ToList();
                Assert.True(rows.SequenceEqual(Enumerable.Range(1, rows.Count).Select(i => (long)i)), $"{label}: {file.Key} has a gap in its rows");
            }
        }

        return (bronzeRows, quarantineRows);
    }

    /// <summary>The latest check results: every one PASS, conservation on every Bronze table among them.</summary>
    public static async Task AssertChecksPassAsync(string lake, string label)
    {
        var latest = await SmokeResults.LatestAsync(new LocalLakeStorage(lake), CancellationToken.None);
        var failed = latest.Where(r => r.Result.Status != CheckStatus.Pass).Select(r => $"{r.Result.TableName}/{r.Result.Metric}: {r.Result.Status} {r.Result.Value} {r.Result.Message}").ToList();
        Assert.True(failed.Count == 0, $"{label}: checks not PASS:\n{string.Join("\n", failed)}");
        foreach (var dataset in DatasetCatalog.All)
        {
            Assert.Contains(latest, r => r.Result.TableName == dataset.BronzeTableName && r.Result.Metric == "conservation" && r.Result.Value == "0");
        }
    }

    private static int Multiset(List<string> from, List<string> minus)
    {
        var counts = minus.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var left = 0;
        foreach (var row in from)
        {
            if (counts.TryGetValue(row, out var n) && n > 0)
            {
                counts[row] = n - 1;
            }
            else
            {
                left++;
            }
        }

        return left;
    }

    private static List<string> Canonical(TableContents table)
    {
        var kept = table.Columns.Select((name, index) => (name, index)).Where(c => !RunDependentColumns.Contains(c.name)).ToList();
        return [.. table.Rows.Select(row => string.Join("\u001f", kept.Select(c => $"{c.name}={Format(row[c.index])}"))).Order(StringComparer.Ordinal)];
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e and not string => "[" + string.Join(",", e.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };
}
