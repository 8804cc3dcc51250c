using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Pipeline.Tests.Gold;

/// <summary>
/// The page layout of docs/adr/gold-proportional-epochs.md: a partition folded page by page reports the same changes as
/// folded whole, a page's rows regenerated from the aggregates equal the rows its deltas built up, and the change data
/// of a delta names inserts, deletes and update pairs.
/// </summary>
public sealed class GoldPagesTests
{
    private static readonly DateOnly Today = new(2025, 1, 10);

    public static TheoryData<KpiKind> PagedKinds => new() { KpiKind.Patient, KpiKind.Provider, KpiKind.Specialty, KpiKind.Procedure, KpiKind.Tag };

    [Theory]
    [MemberData(nameof(PagedKinds))]
    public void Folding_page_by_page_reports_the_same_rows_as_folding_the_whole_partition(KpiKind kind)
    {
        const int pages = 4;
        var epochs = new[] { Facts(0, 60, 1), KpiRouter.Concat([Facts(0, 15, -1), Facts(60, 30, 1)]), Facts(20, 10, -1) };
        var whole = KpiPartition.Create(kind);
        var paged = new Dictionary<int, KpiPartition>();
        foreach (var facts in epochs)
        {
            var expected = whole.Apply(facts, Today, KpiSettings.Default);
            var actual = new GoldDelta();
            foreach (var (page, pageFacts) in KpiPageRouter.Split(kind, facts, pages))
            {
                var partition = paged.TryGetValue(page, out var p) ? p : paged[page] = KpiPartition.Create(kind);
                actual.AddRange(partition.Apply(pageFacts, Today, KpiSettings.Default));
                Assert.All(partition.Keys, k => Assert.Equal(page, KpiPages.Page(k, pages)));
            }

            Assert.NotEmpty(expected.Tables);
            foreach (var table in expected.Tables.Where(KpiPages.IsPaged))
            {
                Assert.Equal(Sorted(expected.Upserts(table)), Sorted(actual.Upserts(table)));
                Assert.Equal(Sorted(expected.Deletes(table)), Sorted(actual.Deletes(table)));
            }
        }

        Assert.True(paged.Count > 1 || kind == KpiKind.Specialty, $"{kind}: every key fell in one page; the test would prove nothing");
    }

    [Theory]
    [MemberData(nameof(PagedKinds))]
    public void A_partitions_regenerated_rows_equal_the_rows_its_deltas_built_up(KpiKind kind)
    {
        var partition = KpiPartition.Create(kind);
        var tables = KpiPages.TablesOf(kind).ToDictionary(t => t.Name, t => new Dictionary<string, object?[]>());
        foreach (var facts in new[] { Facts(0, 60, 1), KpiRouter.Concat([Facts(0, 15, -1), Facts(60, 30, 1)]), Facts(20, 10, -1) })
        {
            var delta = partition.Apply(facts, Today, KpiSettings.Default);
            foreach (var table in KpiPages.TablesOf(kind))
            {
                foreach (var row in delta.Deletes(table.Name))
                {
                    Assert.True(tables[table.Name].Remove(Key(table, row)));
                }

                foreach (var row in delta.Upserts(table.Name))
                {
                    tables[table.Name][Key(table, row)] = row;
                }
            }
        }

        var regenerated = tables.Keys.ToDictionary(t => t, _ => new Dictionary<string, object?[]>());
        foreach (var key in partition.Keys)
        {
            partition.AddRows(key, KpiSettings.Default, (table, rows) => rows.ToList().ForEach(r => regenerated[table.Name].Add(Key(table, r), r)));
        }

        foreach (var table in KpiPages.TablesOf(kind))
        {
            Assert.Equal(tables[table.Name].Keys.Order(), regenerated[table.Name].Keys.Order());
            Assert.All(tables[table.Name], p => Assert.True(GoldValues.RowEquals(p.Value, regenerated[table.Name][p.Key]), $"{table.Name}[{p.Key}]"));
        }
    }

    [Fact]
    public void The_change_data_of_a_delta_holds_inserts_deletes_and_update_pairs()
    {
        var table = GoldTables.FeedbackTagAnalysis;
        var delta = new GoldDelta();
        delta.Replace(table, [["a", 1L, 5.0], ["b", 1L, 4.0]], [["a", 2L, 4.5], ["c", 1L, 3.0]]);
        var changes = GoldPages.ChangeRows(table, delta).Select(r => $"{r[0]}:{r[^1]}").Order().ToList();
        Assert.Equal(["a:update_postimage", "a:update_preimage", "b:delete", "c:insert"], changes);
    }

    [Fact]
    public void Pages_spread_keys_and_do_not_follow_buckets()
    {
        var keys = Enumerable.Range(0, 4000).Select(i => $"PAT-{i:D6}").ToList();
        var inBucket = keys.Where(k => StableHash.Bucket(k, 16) == 3).ToList();
        var pages = inBucket.GroupBy(k => KpiPages.Page(k, 4)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, pages.Count);
        Assert.All(pages.Values, n => Assert.InRange(n, inBucket.Count / 8, inBucket.Count / 2));
    }

    private static string Key(GoldTable table, object?[] row) => string.Join('|', table.KeyOrdinals().Select(k => GoldValues.Text(row[k])));

    private static List<string> Sorted(IReadOnlyList<object?[]> rows) => [.. rows.Select(r => string.Join('|', r.Select(GoldValues.Text))).Order(StringComparer.Ordinal)];

    /// <summary>Claims, enriched claims, encounters and feedback rows <paramref name="from"/> on, all with one weight.</summary>
    private static KpiFacts Facts(int from, int count, int weight)
    {
        var ids = Enumerable.Range(from, count).ToList();
        var start = new DateTime(2024, 1, 1, 8, 0, 0, DateTimeKind.Utc);
        return new KpiFacts(
            [.. ids.Select(i => new ClaimFact(weight, $"C{i}", $"P{i % 17}", $"PR{i % 13}", i == 39 ? 9_999.99 : 100.25 + (i % 5), new DateOnly(2024, 1, 1 + (i % 4)), $"D{i % 2}", $"X{i % 7}", i % 3 == 0 ? "Denied" : "Approved"))],
            [.. ids.Select(i => new EnrichedClaimFact(weight, $"C{i}", i % 4 == 0 ? null : $"S{i % 9}", $"D{i % 2}", i % 3 == 0 ? "Denied" : "Approved"))],
            [.. ids.Select(i => new EncounterFact(weight, $"E{i}", $"P{i % 17}", start.AddDays(i * 3)))],
            [.. ids.Select(i => new FeedbackFact(weight, $"F{i}", $"PR{i % 13}", "Cardiology", i % 2 == 0 ? "survey" : null, i % 5 == 0 ? null : 1 + (i % 5), [$"t{i % 11}", $"u{i % 5}", null], i % 4 == 0 ? null : $"E{i}", i % 6 == 0))]);
    }
}
