using System.Text;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// The state of one aggregator partition: the aggregates of the grouping keys it owns. <see cref="Apply"/> folds an
/// epoch's weighted facts in (insert/post-image add, delete/pre-image retract) and returns the Gold rows of the touched
/// keys that changed. Folding is commutative, so the order of images inside an epoch does not matter.
/// </summary>
public abstract class KpiPartition
{
    /// <summary>Bumped whenever <see cref="WriteState"/> changes, so old state fails loudly instead of misreading.</summary>
    private const int StateFormat = 1;

    /// <summary>The UTC date the rows that depend on "today" were last computed for (day number; 0 = never).</summary>
    public int AsOfDay { get; set; }

    public abstract GoldDelta Apply(KpiFacts facts, DateOnly asOf, KpiSettings settings);

    /// <summary>The grouping keys the partition holds aggregates for.</summary>
    public abstract IEnumerable<string> Keys { get; }

    /// <summary>
    /// Hands the current Gold rows of one grouping key (as of <see cref="AsOfDay"/>) to <paramref name="add"/>, per table:
    /// the same rows <see cref="Apply"/> reports, so a page of Gold is regenerated from the aggregates alone.
    /// </summary>
    public abstract void AddRows(string key, KpiSettings settings, Action<GoldTable, IReadOnlyList<object?[]>> add);

    /// <summary>The UTC date of <see cref="AsOfDay"/> (today when never set).</summary>
    protected DateOnly AsOfDate => AsOfDay == 0 ? DateOnly.FromDateTime(DateTime.UtcNow) : DateOnly.FromDayNumber(AsOfDay);

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

    /// <summary>The aggregates in a compact binary form for grain state (exact: decimals keep their bits and scale).</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(StateFormat);
            writer.Write(AsOfDay);
            WriteState(writer);
        }

        return stream.ToArray();
    }

    public static KpiPartition FromBytes(KpiKind kind, byte[]? data)
    {
        var partition = Create(kind);
        if (data is null || data.Length == 0)
        {
            return partition;
        }

        using var reader = new BinaryReader(new MemoryStream(data, writable: false), Encoding.UTF8);
        var format = reader.ReadInt32();
        if (format != StateFormat)
        {
            throw new InvalidDataException($"{kind} partition state has format {format}, expected {StateFormat}.");
        }

        partition.AsOfDay = reader.ReadInt32();
        partition.ReadState(reader);
        return partition;
    }

    protected abstract void WriteState(BinaryWriter writer);

    protected abstract void ReadState(BinaryReader reader);

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
