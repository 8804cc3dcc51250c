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
    public void Partition_state_round_trips_through_json()
    {
        var patients = new PatientKpis();
        patients.Apply(new KpiFacts(
            [new ClaimFact(1, "C1", "P1", "PR", 1, new DateOnly(2025, 1, 2), "D", "X", "Approved")], [],
            [new EncounterFact(1, "E1", "P1", new DateTime(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc)), new EncounterFact(1, "E2", "P1", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc))], []),
            Today, KpiSettings.Default);
        var copy = (PatientKpis)KpiPartition.FromJson(KpiKind.Patient, patients.ToJson());
        var row = Assert.Single(copy.LifecycleRows("P1", Today));
        Assert.Equal(new object?[] { "P1", new DateTime(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), 31, 2L, "returning", 31.0, 9 }, row);
    }

    [Fact]
    public void Gold_delta_json_keeps_value_types()
    {
        var delta = new GoldDelta();
        object?[] row = ["a", 1L, 2, 3.5, 4.25m, true, new DateOnly(2025, 1, 1), new DateTime(2025, 1, 1, 1, 2, 3, DateTimeKind.Utc), null];
        delta.Upsert(GoldTables.PatientLifecycle, row);
        var back = GoldDeltaJson.Deserialize(GoldDeltaJson.Serialize(delta));
        Assert.Equal(row, Assert.Single(back.Upserts(GoldTables.PatientLifecycle.Name)));
    }

    private static KpiFacts Facts(params EnrichedClaimFact[] claims) => new([], claims, [], []);
}
