using System.Runtime.CompilerServices;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Per patient: the multiset of visit timestamps (gold_patient_lifecycle) and claims per claim day
/// (gold_rapid_fire_claims). Multisets, not min/max, so a retracted visit gives back the previous first/last one.
/// </summary>
public sealed class PatientKpis : KpiPartition
{
    public Dictionary<string, PatientAggregate> Patients { get; set; } = new(StringComparer.Ordinal);

    // Runs over every fact or row of an epoch, often once per process: optimized at once rather than from tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override GoldDelta Apply(KpiFacts facts, DateOnly asOf, KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(settings);
        var previousAsOf = AsOfDay == 0 ? asOf : DateOnly.FromDayNumber(AsOfDay);

        // A patient's rows before the epoch are taken when its first fact arrives: until then its aggregate is untouched.
        var touched = new Dictionary<string, (PatientAggregate Aggregate, IReadOnlyList<object?[]> Lifecycle, IReadOnlyList<object?[]> Rapid)>(StringComparer.Ordinal);
        PatientAggregate Touch(string patient)
        {
            if (!touched.TryGetValue(patient, out var entry))
            {
                Patients.TryGetValue(patient, out var existing);
                entry = (Aggregate(patient), LifecycleRows(patient, existing, previousAsOf), RapidRows(patient, existing, settings));
                touched[patient] = entry;
            }

            return entry.Aggregate;
        }

        foreach (var e in facts.Encounters)
        {
            if (e.StartTs is { } start)
            {
                Bump(Touch(KpiMath.Key(e.PatientId)).Visits, start.Ticks, e.Weight);
            }
        }

        foreach (var c in facts.Claims)
        {
            if (c.ClaimDate is { } day)
            {
                Bump(Touch(KpiMath.Key(c.PatientId)).ClaimDays, day.DayNumber, c.Weight);
            }
        }

        var delta = new GoldDelta();
        foreach (var (patient, (aggregate, lifecycle, rapid)) in touched)
        {
            delta.Replace(GoldTables.PatientLifecycle, lifecycle, LifecycleRows(patient, aggregate, asOf));
            delta.Replace(GoldTables.RapidFireClaims, rapid, RapidRows(patient, aggregate, settings));
            if (aggregate.Visits.Count == 0 && aggregate.ClaimDays.Count == 0)
            {
                Patients.Remove(patient);
            }
        }

        if (AsOfDay != 0 && AsOfDay != asOf.DayNumber)
        {
            delta.AddRange(RefreshExcept(asOf, previousAsOf, touched.Keys));
        }

        AsOfDay = asOf.DayNumber;
        return delta;
    }

    public override GoldDelta Refresh(DateOnly asOf, KpiSettings settings)
    {
        var previousAsOf = AsOfDay == 0 ? asOf : DateOnly.FromDayNumber(AsOfDay);
        var delta = RefreshExcept(asOf, previousAsOf, []);
        AsOfDay = asOf.DayNumber;
        return delta;
    }

    public override IEnumerable<string> Keys => Patients.Keys;

    public override void AddRows(string key, KpiSettings settings, Action<GoldTable, IReadOnlyList<object?[]>> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        var aggregate = Patients.GetValueOrDefault(key);
        add(GoldTables.PatientLifecycle, LifecycleRows(key, aggregate, AsOfDate));
        add(GoldTables.RapidFireClaims, RapidRows(key, aggregate, settings));
    }

    /// <summary>The lifecycle row of a patient as of a UTC date; none without visits.</summary>
    public IReadOnlyList<object?[]> LifecycleRows(string patient, DateOnly asOf) =>
        LifecycleRows(patient, Patients.GetValueOrDefault(patient), asOf);

    public IReadOnlyList<object?[]> RapidRows(string patient, KpiSettings settings) =>
        RapidRows(patient, Patients.GetValueOrDefault(patient), settings);

    private static IReadOnlyList<object?[]> LifecycleRows(string patient, PatientAggregate? aggregate, DateOnly asOf)
    {
        if (aggregate is null || aggregate.Visits.Count == 0)
        {
            return [];
        }

        long firstTicks = long.MaxValue, lastTicks = long.MinValue, visits = 0;
        foreach (var (ticks, count) in aggregate.Visits)
        {
            firstTicks = Math.Min(firstTicks, ticks);
            lastTicks = Math.Max(lastTicks, ticks);
            visits += count;
        }

        var first = new DateTime(firstTicks, DateTimeKind.Utc);
        var last = new DateTime(lastTicks, DateTimeKind.Utc);
        var lifetime = DateOnly.FromDateTime(last).DayNumber - DateOnly.FromDateTime(first).DayNumber;
        return
        [
            [
                patient, first, last, lifetime, visits, visits == 1 ? "new" : "returning",
                visits == 1 ? null : KpiMath.Round((decimal)lifetime / (visits - 1), 2),
                asOf.DayNumber - DateOnly.FromDateTime(last).DayNumber,
            ],
        ];
    }

    private static IReadOnlyList<object?[]> RapidRows(string patient, PatientAggregate? aggregate, KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (aggregate is null)
        {
            return [];
        }

        List<object?[]>? rows = null;
        foreach (var (day, count) in aggregate.ClaimDays)
        {
            if (count > settings.RapidFireThreshold)
            {
                (rows ??= []).Add([patient, DateOnly.FromDayNumber(day), count]);
            }
        }

        return rows ?? (IReadOnlyList<object?[]>)[];
    }

    private GoldDelta RefreshExcept(DateOnly asOf, DateOnly previousAsOf, ICollection<string> skip)
    {
        var delta = new GoldDelta();
        foreach (var patient in Patients.Keys.Where(p => !skip.Contains(p)))
        {
            delta.Replace(GoldTables.PatientLifecycle, LifecycleRows(patient, previousAsOf), LifecycleRows(patient, asOf));
        }

        return delta;
    }

    protected override void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Patients.Count);
        foreach (var (patient, aggregate) in Patients)
        {
            writer.Write(patient);
            writer.Write(aggregate.Visits.Count);
            foreach (var (ticks, count) in aggregate.Visits)
            {
                writer.Write(ticks);
                writer.Write(count);
            }

            writer.Write(aggregate.ClaimDays.Count);
            foreach (var (day, count) in aggregate.ClaimDays)
            {
                writer.Write(day);
                writer.Write(count);
            }
        }
    }

    protected override void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var patients = reader.ReadInt32();
        Patients = new Dictionary<string, PatientAggregate>(patients, StringComparer.Ordinal);
        for (var p = 0; p < patients; p++)
        {
            var patient = reader.ReadString();
            var visits = reader.ReadInt32();
            var aggregate = new PatientAggregate { Visits = new Dictionary<long, long>(visits) };
            for (var v = 0; v < visits; v++)
            {
                aggregate.Visits.Add(reader.ReadInt64(), reader.ReadInt64());
            }

            var days = reader.ReadInt32();
            aggregate.ClaimDays = new Dictionary<int, long>(days);
            for (var d = 0; d < days; d++)
            {
                aggregate.ClaimDays.Add(reader.ReadInt32(), reader.ReadInt64());
            }

            Patients.Add(patient, aggregate);
        }
    }

    private PatientAggregate Aggregate(string patient)
    {
        if (!Patients.TryGetValue(patient, out var aggregate))
        {
            aggregate = new PatientAggregate();
            Patients[patient] = aggregate;
        }

        return aggregate;
    }
}
