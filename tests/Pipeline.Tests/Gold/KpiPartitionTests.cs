using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Pipeline.Tests.Gold;

public sealed class KpiPartitionTests
{
    private static readonly DateOnly Today = new(2025, 1, 10);

    [Fact]
    public void A_claim_moving_from_Approved_to_Denied_leaves_approvals_and_enters_denials_once()
    {
        var specialty = new SpecialtyKpis();
        specialty.Apply(Facts(new EnrichedClaimFact(1, "C1", "Cardiology", "D9", "Approved"), new EnrichedClaimFact(1, "C2", "Cardiology", "D9", "Denied")), Today, KpiSettings.Default);

        // The Silver change feed of the status change: pre-image retracts, post-image adds.
        var delta = specialty.Apply(Facts(new EnrichedClaimFact(-1, "C1", "Cardiology", "D9", "Approved"), new EnrichedClaimFact(1, "C1", "Cardiology", "D9", "Denied")), Today, KpiSettings.Default);

        var approval = Assert.Single(delta.Upserts(GoldTables.ClaimApprovalBySpecialty.Name));
        Assert.Equal(new object?[] { "Cardiology", 2L, 0L, 0.0 }, approval);
        var denial = Assert.Single(delta.Upserts(GoldTables.ClaimDenialBreakdown.Name));
        Assert.Equal(new object?[] { "Cardiology", "D9", 2L, 1.0 }, denial);
        Assert.Empty(delta.Deletes(GoldTables.ClaimDenialBreakdown.Name));
    }

    [Fact]
    public void Retracting_the_last_claim_of_a_group_deletes_its_row()
    {
        var specialty = new SpecialtyKpis();
        specialty.Apply(Facts(new EnrichedClaimFact(1, "C1", null, "D1", "Denied")), Today, KpiSettings.Default);
        var delta = specialty.Apply(Facts(new EnrichedClaimFact(-1, "C1", null, "D1", "Denied")), Today, KpiSettings.Default);
        Assert.Equal("Unknown", Assert.Single(delta.Deletes(GoldTables.ClaimApprovalBySpecialty.Name))[0]);
        Assert.Single(delta.Deletes(GoldTables.ClaimDenialBreakdown.Name));
        Assert.Empty(specialty.Specialties);
    }

    [Fact]
    public void Rounding_is_half_away_from_zero_on_the_decimal_value()
    {
        Assert.Equal(2.68, KpiMath.Round(KpiMath.ToDecimal(2.675), 2));
        Assert.Equal(-2.68, KpiMath.Round(KpiMath.ToDecimal(-2.675), 2));
        Assert.Equal(0.1235, KpiMath.Round(0.12345m, 4));
    }

    [Fact]
    public void Money_sums_do_not_drift_when_claims_are_added_and_retracted()
    {
        var provider = new ProviderKpis();
        var day = new DateOnly(2025, 1, 1);
        var claims = Enumerable.Range(0, 1000).Select(i => new ClaimFact(1, $"C{i}", "P", "PR", 0.1, day, "D", "X", "Approved")).ToList();
        provider.Apply(new KpiFacts(claims, [], [], []), Today, KpiSettings.Default);
        provider.Apply(new KpiFacts(claims.Take(999).Select(c => c with { Weight = -1 }).ToList(), [], [], []), Today, KpiSettings.Default);
        Assert.Equal(0.1m, provider.Providers["PR"].Days[day.DayNumber].Sum);
    }

    [Fact]
    public void Outliers_follow_the_exact_population_moments_under_retraction()
    {
        var procedure = new ProcedureKpis();
        var claims = Enumerable.Range(0, 40).Select(i => new ClaimFact(1, $"C{i}", "P", "PR", 100 + (i % 3), null, "D", "X", "Denied")).ToList();
        claims.Add(new ClaimFact(1, "BIG", "P", "PR", 10_000, null, "D", "X", "Denied"));
        var delta = procedure.Apply(new KpiFacts(claims, [], [], []), Today, KpiSettings.Default);
        var row = Assert.Single(delta.Upserts(GoldTables.ClaimAmountOutliers.Name));
        Assert.Equal("BIG", row[0]);
        var amounts = claims.Select(c => c.Amount!.Value).ToList();
        var mean = amounts.Average();
        var std = Math.Sqrt(amounts.Average(a => (a - mean) * (a - mean)));
        Assert.Equal(mean, (double)row[3]!, 9);
        Assert.Equal(std, (double)row[4]!, 9);

        // The outlier comes back to normal: its row goes, no other claim becomes an outlier.
        var back = procedure.Apply(new KpiFacts([claims[^1] with { Weight = -1 }, claims[^1] with { Amount = 101 }], [], [], []), Today, KpiSettings.Default);
        Assert.Equal("BIG", Assert.Single(back.Deletes(GoldTables.ClaimAmountOutliers.Name))[0]);
        Assert.Empty(back.Upserts(GoldTables.ClaimAmountOutliers.Name));
    }

    [Fact]
    public void Partition_state_round_trips_through_bytes()
    {
        var patients = new PatientKpis();
        patients.Apply(new KpiFacts(
            [new ClaimFact(1, "C1", "P1", "PR", 1, new DateOnly(2025, 1, 2), "D", "X", "Approved")], [],
            [new EncounterFact(1, "E1", "P1", new DateTime(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc)), new EncounterFact(1, "E2", "P1", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc))], []),
            Today, KpiSettings.Default);
        var copy = (PatientKpis)KpiPartition.FromBytes(KpiKind.Patient, patients.ToBytes());
        var row = Assert.Single(copy.LifecycleRows("P1", Today));
        Assert.Equal(new object?[] { "P1", new DateTime(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), 31, 2L, "returning", 31.0, 9 }, row);
        Assert.Equal(Today.DayNumber, copy.AsOfDay);
    }

    [Theory]
    [InlineData(KpiKind.Patient)]
    [InlineData(KpiKind.Provider)]
    [InlineData(KpiKind.Specialty)]
    [InlineData(KpiKind.Procedure)]
    [InlineData(KpiKind.Tag)]
    [InlineData(KpiKind.EncounterMatch)]
    public void Every_partition_kind_continues_identically_after_a_round_trip_through_bytes(KpiKind kind)
    {
        // Two epochs straight vs. the same two epochs with the state written and read back between them; the second
        // retracts a quarter of the first and adds new rows.
        var (first, second) = (MixedFacts(0, 40, 1), KpiRouter.Concat([MixedFacts(0, 10, -1), MixedFacts(40, 20, 1)]));
        var straight = KpiPartition.Create(kind);
        straight.Apply(first, Today, KpiSettings.Default);
        var expected = straight.Apply(second, Today, KpiSettings.Default);
        var stored = KpiPartition.Create(kind);
        stored.Apply(first, Today, KpiSettings.Default);
        var bytes = stored.ToBytes();
        var actual = KpiPartition.FromBytes(kind, bytes).Apply(second, Today, KpiSettings.Default);
        Assert.NotEmpty(expected.Tables);
        Assert.Equal(expected.Tables.Order(), actual.Tables.Order());
        foreach (var table in expected.Tables)
        {
            Assert.Equal(expected.Upserts(table), actual.Upserts(table));
            Assert.Equal(expected.Deletes(table), actual.Deletes(table));
        }

        Assert.Equal(bytes, KpiPartition.FromBytes(kind, bytes).ToBytes());
    }

    [Fact]
    public void Partition_state_of_another_format_is_refused()
    {
        var bytes = new SpecialtyKpis().ToBytes();
        bytes[0] ^= 0x7f;
        Assert.Throws<InvalidDataException>(() => KpiPartition.FromBytes(KpiKind.Specialty, bytes));
    }

    [Fact]
    public void Gold_delta_bytes_keep_value_types()
    {
        var delta = new GoldDelta();
        object?[] row = ["a", 1L, 2, 3.5, 4.250m, true, false, new DateOnly(2025, 1, 1), new DateTime(2025, 1, 1, 1, 2, 3, DateTimeKind.Utc), null];
        delta.Upsert(GoldTables.PatientLifecycle, row);
        delta.Delete(GoldTables.RapidFireClaims, ["P", new DateOnly(2025, 1, 2)]);
        var back = GoldDeltaBinary.Deserialize(GoldDeltaBinary.Serialize(delta));
        var read = Assert.Single(back.Upserts(GoldTables.PatientLifecycle.Name));
        Assert.Equal(row, read);
        Assert.Equal(row.Select(v => v?.GetType()), read.Select(v => v?.GetType()));
        Assert.Equal(DateTimeKind.Utc, ((DateTime)read[8]!).Kind);
        Assert.Equal("4.250", ((decimal)read[4]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new object?[] { "P", new DateOnly(2025, 1, 2) }, Assert.Single(back.Deletes(GoldTables.RapidFireClaims.Name)));
        Assert.True(GoldDeltaBinary.Deserialize(GoldDeltaBinary.Serialize(new GoldDelta())).IsEmpty);
    }

    private static KpiFacts Facts(params EnrichedClaimFact[] claims) => new([], claims, [], []);

    /// <summary>Claims, enriched claims, encounters and feedback rows <paramref name="from"/> on, all with one weight.</summary>
    private static KpiFacts MixedFacts(int from, int count, int weight)
    {
        var ids = Enumerable.Range(from, count).ToList();
        var start = new DateTime(2024, 1, 1, 8, 0, 0, DateTimeKind.Utc);
        return new KpiFacts(
            [.. ids.Select(i => new ClaimFact(weight, $"C{i}", $"P{i % 3}", $"PR{i % 2}", i == 39 ? 9_999.99 : 100.25 + (i % 5), new DateOnly(2024, 1, 1 + (i % 4)), $"D{i % 2}", "X1", i % 3 == 0 ? "Denied" : "Approved"))],
            [.. ids.Select(i => new EnrichedClaimFact(weight, $"C{i}", i % 4 == 0 ? null : "Cardiology", $"D{i % 2}", i % 3 == 0 ? "Denied" : "Approved"))],
            [.. ids.Select(i => new EncounterFact(weight, $"E{i}", $"P{i % 3}", start.AddDays(i * 3)))],
            [.. ids.Select(i => new FeedbackFact(weight, $"F{i}", $"PR{i % 2}", "Cardiology", i % 2 == 0 ? "survey" : null, i % 5 == 0 ? null : 1 + (i % 5), [$"t{i % 3}", null], i % 4 == 0 ? null : $"E{i}", i % 6 == 0))]);
    }
}
