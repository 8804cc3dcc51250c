using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Pipeline.Checks;

/// <summary>docs/data-contract.md (Checks) Gold not-null checks: metric <c>nulls[column]</c> = 0.</summary>
public static class GoldChecks
{
    public const string Layer = "GOLD";

    public static IReadOnlyList<(GoldTable Table, string Column)> NotNull { get; } =
    [
        (GoldTables.PatientLifecycle, "patient_id"),
        (GoldTables.FeedbackSatisfaction, "provider_id"),
        (GoldTables.ClaimApprovalBySpecialty, "provider_specialty"),
        (GoldTables.ProviderDailySpend, "provider_id"),
    ];

    public static IEnumerable<DataCheck> All(ILakeStorage storage) =>
        NotNull.Select(n => new DataCheck(Layer, n.Table.Name, $"nulls[{n.Column}]", ct => NullsAsync(storage, n.Table, n.Column, ct)));

    private static async Task<IReadOnlyList<CheckResult>> NullsAsync(ILakeStorage storage, GoldTable table, string column, CancellationToken cancellationToken)
    {
        var rows = await LakeScan.ReadAsync(storage, table.Path, [column], cancellationToken).ConfigureAwait(false);
        var ordinal = LakeScan.Ordinal(rows.Schema, column, table.Name);
        long nulls = 0;
        await foreach (var row in rows.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (row[ordinal] is null)
            {
                nulls++;
            }
        }

        return [CheckResult.Of(Layer, table.Name, $"nulls[{column}]", nulls, nulls == 0, nulls == 0 ? null : $"{nulls} rows have a null {column}")];
    }
}
