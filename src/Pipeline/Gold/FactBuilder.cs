using System.Globalization;
using System.Runtime.CompilerServices;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Turns the rows of one followed Silver table into facts. The column ordinals are resolved once per read, not per row:
/// an epoch reads hundreds of thousands of rows.
/// </summary>
internal sealed class FactBuilder
{
    private readonly string _table;
    private readonly int[] _ordinals;
    private readonly List<ClaimFact> _claims = [];
    private readonly List<EnrichedClaimFact> _enriched = [];
    private readonly List<EncounterFact> _encounters = [];
    private readonly List<FeedbackFact> _feedback = [];

    public FactBuilder(string table, Columns columns)
    {
        _table = table;
        _ordinals = ColumnsOf(table).Select(columns.Ordinal).ToArray();
    }

    /// <summary>The columns a table's facts use, in the order <see cref="Add"/> reads them.</summary>
    public static IReadOnlyList<string> ColumnsOf(string table) => table switch
    {
        GoldInputs.Claims =>
            ["claim_id", "patient_id", "provider_id", "claim_amount", "claim_date", "diagnosis_code", "procedure_code", "claim_status"],
        GoldInputs.ClaimsEnriched => ["claim_id", "provider_specialty", "diagnosis_code", "claim_status"],
        GoldInputs.EncountersEnriched => ["encounter_id", "patient_id", "START_TS"],
        GoldInputs.FeedbackEnriched =>
            ["feedback_id", "provider_id", "provider_specialty", "source", "satisfaction_score", "tags", "visit_id", "encounter_missing"],
        _ => throw new ArgumentException($"'{table}' is not a Silver table Gold follows.", nameof(table)),
    };

    // Runs over every fact or row of an epoch, often once per process: optimized at once rather than from tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(object?[] row, int weight)
    {
        var o = _ordinals;
        switch (_table)
        {
            case GoldInputs.Claims:
                _claims.Add(new ClaimFact(
                    weight, Text(row, o[0]) ?? string.Empty, Text(row, o[1]), Text(row, o[2]), Double(Columns.Value(row, o[3])),
                    Columns.Value(row, o[4]) as DateOnly?, Text(row, o[5]), Text(row, o[6]), Text(row, o[7])));
                break;
            case GoldInputs.ClaimsEnriched:
                _enriched.Add(new EnrichedClaimFact(weight, Text(row, o[0]) ?? string.Empty, Text(row, o[1]), Text(row, o[2]), Text(row, o[3])));
                break;
            case GoldInputs.EncountersEnriched:
                _encounters.Add(new EncounterFact(weight, Text(row, o[0]) ?? string.Empty, Text(row, o[1]), Columns.Value(row, o[2]) as DateTime?));
                break;
            default:
                _feedback.Add(new FeedbackFact(
                    weight, Text(row, o[0]) ?? string.Empty, Text(row, o[1]), Text(row, o[2]), Text(row, o[3]),
                    Columns.Value(row, o[4]) is { } s ? Convert.ToInt32(s, CultureInfo.InvariantCulture) : null,
                    Tags(Columns.Value(row, o[5])), Text(row, o[6]), Columns.Value(row, o[7]) as bool? ?? true));
                break;
        }
    }

    public KpiFacts Build() => new(_claims, _enriched, _encounters, _feedback);

    private static string? Text(object?[] row, int ordinal) => Columns.Value(row, ordinal)?.ToString();

    private static double? Double(object? value) => value switch
    {
        null => null,
        double d => double.IsNaN(d) ? null : d,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static List<string?>? Tags(object? value) => value switch
    {
        null => null,
        IEnumerable<object?> items => items.Select(i => i?.ToString()).ToList(),
        System.Collections.IEnumerable items => items.Cast<object?>().Select(i => i?.ToString()).ToList(),
        _ => null,
    };
}
