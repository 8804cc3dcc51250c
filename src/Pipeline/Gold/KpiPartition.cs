using System.Text.Json;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// The state of one aggregator partition: the aggregates of the grouping keys it owns. <see cref="Apply"/> folds an
/// epoch's weighted facts in (insert/post-image add, delete/pre-image retract) and returns the Gold rows of the touched
/// keys that changed. Folding is commutative, so the order of images inside an epoch does not matter.
/// </summary>
public abstract class KpiPartition
{
    /// <summary>The UTC date the rows that depend on "today" were last computed for (day number; 0 = never).</summary>
    public int AsOfDay { get; set; }

    public abstract GoldDelta Apply(KpiFacts facts, DateOnly asOf, KpiSettings settings);

    /// <summary>Recomputes the rows that depend on the date for every key (a new UTC day); default: none do.</summary>
    public virtual GoldDelta Refresh(DateOnly asOf, KpiSettings settings)
    {
        AsOfDay = asOf.DayNumber;
        return new GoldDelta();
    }

    public static KpiPartition Create(KpiKind kind) => kind switch
    {
        KpiKind.Patient => new PatientKpis(),
        KpiKind.Provider => new ProviderKpis(),
        KpiKind.Specialty => new SpecialtyKpis(),
        KpiKind.Procedure => new ProcedureKpis(),
        KpiKind.Tag => new TagKpis(),
        KpiKind.EncounterMatch => new EncounterMatchKpi(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public string ToJson() => JsonSerializer.Serialize(this, GetType());

    public static KpiPartition FromJson(KpiKind kind, string? json) =>
        string.IsNullOrEmpty(json)
            ? Create(kind)
            : (KpiPartition)(JsonSerializer.Deserialize(json, Create(kind).GetType())
                             ?? throw new InvalidDataException($"Empty {kind} partition state."));

    protected static void Bump<TKey>(Dictionary<TKey, long> counts, TKey key, long weight)
        where TKey : notnull
    {
        var value = counts.GetValueOrDefault(key) + weight;
        if (value == 0)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = value;
        }
    }
}
