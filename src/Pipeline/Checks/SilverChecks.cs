using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Pipeline.Checks;

/// <summary>docs/data-contract.md (Checks) Silver checks: column contracts, no duplicate key, exactly one current version per provider.</summary>
public static class SilverChecks
{
    public const string Layer = "SILVER";

    /// <summary>The columns each contracted Silver table must have (from <see cref="SilverTables.Definitions"/>).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Contracts { get; } = SilverTables.Definitions
        .Where(t => t.ContractColumns is not null).ToDictionary(t => t.Name, t => t.ContractColumns!, StringComparer.Ordinal);

    /// <summary>The key of each Silver table (from <see cref="SilverTables.Definitions"/>).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Keys { get; } =
        SilverTables.Definitions.ToDictionary(t => t.Name, t => t.Key, StringComparer.Ordinal);

    public static IEnumerable<DataCheck> All(ILakeStorage storage)
    {
        foreach (var (table, columns) in Contracts)
        {
            yield return new DataCheck(Layer, table, "contract", ct => ContractAsync(storage, table, columns, ct));
        }

        yield return new DataCheck(Layer, SilverTables.Providers, "current_per_provider", ct => CurrentPerProviderAsync(storage, ct));
        foreach (var (table, key) in Keys)
        {
            yield return new DataCheck(Layer, table, "dup_key", async ct =>
            {
                var duplicates = await DuplicateKeysAsync(storage, SilverTables.PathOf(table), key, ct).ConfigureAwait(false);
                return [CheckResult.Of(Layer, table, "dup_key", duplicates, duplicates == 0,
                    duplicates == 0 ? null : $"{duplicates} values of ({string.Join(", ", key)}) occur more than once")];
            });
        }
    }

    public static async Task<long> DuplicateKeysAsync(ILakeStorage storage, string tablePath, IReadOnlyList<string> key, CancellationToken cancellationToken)
    {
        async IAsyncEnumerable<string?> Keys()
        {
            var rows = await LakeScan.ReadAsync(storage, tablePath, key, cancellationToken).ConfigureAwait(false);
            var ordinals = key.Select(k => LakeScan.Ordinal(rows.Schema, k, tablePath)).ToArray();
            await foreach (var row in rows.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return LakeScan.Key(row, ordinals);
            }
        }

        return await DuplicateKeys.ScanAsync(Keys, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<CheckResult>> ContractAsync(ILakeStorage storage, string table, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        var snapshot = await Snapshot.LoadAsync(storage, SilverTables.PathOf(table), null, cancellationToken).ConfigureAwait(false);
        var present = snapshot.Schema.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var missing = columns.Where(c => !present.Contains(c)).ToList();
        return [CheckResult.Of(Layer, table, "missing_cols_count", missing.Count, missing.Count == 0,
            missing.Count == 0 ? null : "missing columns: " + string.Join(", ", missing))];
    }

    private static async Task<IReadOnlyList<CheckResult>> CurrentPerProviderAsync(ILakeStorage storage, CancellationToken cancellationToken)
    {
        const string table = SilverTables.Providers;
        var rows = await LakeScan.ReadAsync(storage, SilverTables.PathOf(table), ["provider_id", "is_current"], cancellationToken).ConfigureAwait(false);
        var id = LakeScan.Ordinal(rows.Schema, "provider_id", table);
        var current = LakeScan.Ordinal(rows.Schema, "is_current", table);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in rows.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var provider = Gold.GoldValues.Text(row[id]);
            counts[provider] = counts.GetValueOrDefault(provider) + (row[current] is true ? 1 : 0);
        }

        var wrong = counts.Count(c => c.Value != 1);
        return [CheckResult.Of(Layer, table, "providers_without_one_current", wrong, wrong == 0,
            wrong == 0 ? null : $"{wrong} providers do not have exactly one current version")];
    }
}
