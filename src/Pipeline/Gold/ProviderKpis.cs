using System.Runtime.CompilerServices;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Per provider: daily spend (gold_provider_daily_spend), the 7-day calendar window over it (gold_provider_7d_spend),
/// and feedback per (specialty, source) (gold_feedback_satisfaction). Money is summed as decimal.
/// </summary>
public sealed class ProviderKpis : KpiPartition
{
    private const char Separator = '\u001f';

    public Dictionary<string, ProviderAggregate> Providers { get; set; } = new(StringComparer.Ordinal);

    // Runs over every fact or row of an epoch, often once per process: optimized at once rather than from tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override GoldDelta Apply(KpiFacts facts, DateOnly asOf, KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(facts);
        // A provider's rows before the epoch are taken when its first fact arrives: until then its aggregate is untouched.
        var touched = new Dictionary<string, (ProviderAggregate Aggregate, ProviderRows Before)>(StringComparer.Ordinal);
        ProviderAggregate Touch(string provider)
        {
            if (!touched.TryGetValue(provider, out var entry))
            {
                entry = (Aggregate(provider), Rows(provider));
                touched[provider] = entry;
            }

            return entry.Aggregate;
        }

        foreach (var c in facts.Claims)
        {
            if (c.ClaimDate is not { } claimDate)
            {
                continue;
            }

            var days = Touch(KpiMath.Key(c.ProviderId)).Days;
            var day = claimDate.DayNumber;
            if (!days.TryGetValue(day, out var spend))
            {
                spend = new DaySpend();
                days[day] = spend;
            }

            spend.Rows += c.Weight;
            if (c.Amount is { } amount)
            {
                spend.Amounts += c.Weight;
                spend.Sum += c.Weight * KpiMath.ToDecimal(amount);
            }

            if (spend.Rows == 0)
            {
                days.Remove(day);
            }
        }

        foreach (var f in facts.Feedback)
        {
            var feedback = Touch(KpiMath.Key(f.ProviderId)).Feedback;
            var key = KpiMath.Key(f.ProviderSpecialty) + Separator + KpiMath.Key(f.Source);
            if (!feedback.TryGetValue(key, out var score))
            {
                score = new ScoreAggregate();
                feedback[key] = score;
            }

            score.Add(f.Score, f.Weight);
            if (score.Count == 0)
            {
                feedback.Remove(key);
            }
        }

        var delta = new GoldDelta();
        foreach (var (provider, (aggregate, before)) in touched)
        {
            var after = Rows(provider);
            delta.Replace(GoldTables.ProviderDailySpend, before.Daily, after.Daily);
            delta.Replace(GoldTables.Provider7dSpend, before.Rolling, after.Rolling);
            delta.Replace(GoldTables.FeedbackSatisfaction, before.Satisfaction, after.Satisfaction);
            if (aggregate.Days.Count == 0 && aggregate.Feedback.Count == 0)
            {
                Providers.Remove(provider);
            }
        }

        AsOfDay = asOf.DayNumber;
        return delta;
    }

    public override IEnumerable<string> Keys => Providers.Keys;

    public override void AddRows(string key, KpiSettings settings, Action<GoldTable, IReadOnlyList<object?[]>> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        var rows = Rows(key);
        add(GoldTables.ProviderDailySpend, rows.Daily);
        add(GoldTables.Provider7dSpend, rows.Rolling);
        add(GoldTables.FeedbackSatisfaction, rows.Satisfaction);
    }

    // Runs over every fact or row of an epoch, often once per process: optimized at once rather than from tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ProviderRows Rows(string provider)
    {
        if (!Providers.TryGetValue(provider, out var aggregate) || (aggregate.Days.Count == 0 && aggregate.Feedback.Count == 0))
        {
            return ProviderRows.None;
        }

        var daily = new List<object?[]>(aggregate.Days.Count);
        var rolling = new List<object?[]>(aggregate.Days.Count);
        var satisfaction = new List<object?[]>(aggregate.Feedback.Count);

        foreach (var (day, spend) in aggregate.Days)
        {
            var date = DateOnly.FromDayNumber(day);
            var daySpend = spend.Spend is { } s ? (double?)(double)s : null;
            daily.Add([provider, date, daySpend]);
            decimal windowSum = 0;
            var windowDays = 0;
            for (var d = day - 6; d <= day; d++)
            {
                if (aggregate.Days.TryGetValue(d, out var other) && other.Spend is { } amount)
                {
                    windowSum += amount;
                    windowDays++;
                }
            }

            rolling.Add(
            [
                provider, date, daySpend, windowDays == 0 ? null : (double)windowSum,
                KpiMath.RoundRatio(windowSum, windowDays, 2),
            ]);
        }

        foreach (var (key, score) in aggregate.Feedback)
        {
            var parts = key.Split(Separator);
            satisfaction.Add([parts[0], provider, parts[1], score.Count, score.AverageScore]);
        }

        return new(daily, rolling, satisfaction);
    }

    protected override void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Providers.Count);
        foreach (var (provider, aggregate) in Providers)
        {
            writer.Write(provider);
            writer.Write(aggregate.Days.Count);
            foreach (var (day, spend) in aggregate.Days)
            {
                writer.Write(day);
                writer.Write(spend.Rows);
                writer.Write(spend.Amounts);
                writer.Write(spend.Sum);
            }

            writer.Write(aggregate.Feedback.Count);
            foreach (var (key, score) in aggregate.Feedback)
            {
                writer.Write(key);
                score.Write(writer);
            }
        }
    }

    protected override void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var providers = reader.ReadInt32();
        Providers = new Dictionary<string, ProviderAggregate>(providers, StringComparer.Ordinal);
        for (var p = 0; p < providers; p++)
        {
            var provider = reader.ReadString();
            var days = reader.ReadInt32();
            var aggregate = new ProviderAggregate { Days = new Dictionary<int, DaySpend>(days) };
            for (var d = 0; d < days; d++)
            {
                aggregate.Days.Add(reader.ReadInt32(), new DaySpend { Rows = reader.ReadInt64(), Amounts = reader.ReadInt64(), Sum = reader.ReadDecimal() });
            }

            var feedback = reader.ReadInt32();
            for (var f = 0; f < feedback; f++)
            {
                aggregate.Feedback.Add(reader.ReadString(), ScoreAggregate.Read(reader));
            }

            Providers.Add(provider, aggregate);
        }
    }

    private ProviderAggregate Aggregate(string provider)
    {
        if (!Providers.TryGetValue(provider, out var aggregate))
        {
            aggregate = new ProviderAggregate();
            Providers[provider] = aggregate;
        }

        return aggregate;
    }

    private readonly record struct ProviderRows(IReadOnlyList<object?[]> Daily, IReadOnlyList<object?[]> Rolling, IReadOnlyList<object?[]> Satisfaction)
    {
        public static ProviderRows None { get; } = new([], [], []);
    }
}
