namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Per patient: the multiset of visit timestamps (gold_patient_lifecycle) and claims per claim day
/// (gold_rapid_fire_claims). Multisets, not min/max, so a retracted visit gives back the previous first/last one.
/// </summary>
public sealed class PatientKpis : KpiPartition
{
    public Dictionary<string, PatientAggregate> Patients { get; set; } = new(StringComparer.Ordinal);

    public override GoldDelta Apply(KpiFacts facts, DateOnly asOf, KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(settings);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in facts.Encounters.Where(e => e.StartTs is not null))
        {
            touched.Add(KpiMath.Key(e.PatientId));
        }

        foreach (var c in facts.Claims.Where(c => c.ClaimDate is not null))
        {
            touched.Add(KpiMath.Key(c.PatientId));
        }

        var previousAsOf = AsOfDay == 0 ? asOf : DateOnly.FromDayNumber(AsOfDay);
        var before = touched.ToDictionary(p => p, p => (Lifecycle: LifecycleRows(p, previousAsOf), Rapid: RapidRows(p, settings)), StringComparer.Ordinal);
        foreach (var e in facts.Encounters.Where(e => e.StartTs is not null))
        {
            Bump(Aggregate(KpiMath.Key(e.PatientId)).Visits, e.StartTs!.Value.Ticks, e.Weight);
        }

        foreach (var c in facts.Claims.Where(c => c.ClaimDate is not null))
        {
            Bump(Aggregate(KpiMath.Key(c.PatientId)).ClaimDays, c.ClaimDate!.Value.DayNumber, c.Weight);
        }

        var delta = new GoldDelta();
        foreach (var patient in touched)
        {
            delta.Replace(GoldTables.PatientLifecycle, before[patient].Lifecycle, LifecycleRows(patient, asOf));
            delta.Replace(GoldTables.RapidFireClaims, before[patient].Rapid, RapidRows(patient, settings));
            if (Patients.TryGetValue(patient, out var aggregate) && aggregate.Visits.Count == 0 && aggregate.ClaimDays.Count == 0)
            {
                Patients.Remove(patient);
            }
        }

        if (AsOfDay != 0 && AsOfDay != asOf.DayNumber)
        {
            delta.AddRange(RefreshExcept(asOf, previousAsOf, touched));
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

    /// <summary>The lifecycle row of a patient as of a UTC date; none without visits.</summary>
    public IReadOnlyList<object?[]> LifecycleRows(string patient, DateOnly asOf)
    {
        if (!Patients.TryGetValue(patient, out var aggregate) || aggregate.Visits.Count == 0)
        {
            return [];
        }

        var first = new DateTime(aggregate.Visits.Keys.Min(), DateTimeKind.Utc);
        var last = new DateTime(aggregate.Visits.Keys.Max(), DateTimeKind.Utc);
        var visits = aggregate.Visits.Values.Sum();
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

    public IReadOnlyList<object?[]> RapidRows(string patient, KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Patients.TryGetValue(patient, out var aggregate)
            ? aggregate.ClaimDays.Where(d => d.Value > settings.RapidFireThreshold)
                .Select(d => new object?[] { patient, DateOnly.FromDayNumber(d.Key), d.Value }).ToList()
            : [];
    }

    private GoldDelta RefreshExcept(DateOnly asOf, DateOnly previousAsOf, HashSet<string> skip)
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
