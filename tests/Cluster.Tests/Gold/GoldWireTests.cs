using Kardiaflow.Grains.Gold;
using Kardiaflow.Pipeline.Gold;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Kardiaflow.Cluster.Tests.Gold;

/// <summary>
/// The Gold grain messages through Orleans' serializer (the surrogates of the Pipeline types, used between silos and for
/// grain state) and copier (calls inside a silo pass them by reference).
/// </summary>
public sealed class GoldWireTests
{
    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(KpiBatch).Assembly))
        .BuildServiceProvider();

    [Fact]
    public void A_batch_of_facts_round_trips_with_every_value()
    {
        var facts = new KpiFacts(
            [new ClaimFact(-1, "C1", "P1", null, 2.675, new DateOnly(2025, 1, 2), "D1", null, "Approved"), new ClaimFact(1, "C2", null, "PR", null, null, null, "X", null)],
            [new EnrichedClaimFact(1, "C1", null, "D1", "Denied")],
            [new EncounterFact(1, "E1", "P1", new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc)), new EncounterFact(-1, "E2", null, null)],
            [new FeedbackFact(1, "F1", "PR", null, "survey", 4, ["a", null], "E1", false), new FeedbackFact(-1, "F2", null, "S", null, null, null, null, true)]);
        var back = RoundTrip(new KpiBatch(7, 739_000, facts, Refresh: true));

        Assert.Equal((7L, 739_000, true), (back.Epoch, back.AsOfDay, back.Refresh));
        Assert.Equal(facts.Claims, back.Facts.Claims);
        Assert.Equal(facts.EnrichedClaims, back.Facts.EnrichedClaims);
        Assert.Equal(facts.Encounters, back.Facts.Encounters);
        Assert.Equal(DateTimeKind.Utc, back.Facts.Encounters[0].StartTs!.Value.Kind);
        Assert.Equal(facts.Feedback.Select(f => f with { Tags = null }), back.Facts.Feedback.Select(f => f with { Tags = null }));
        Assert.Equal(["a", null], back.Facts.Feedback[0].Tags!);
        Assert.Null(back.Facts.Feedback[1].Tags);
    }

    [Fact]
    public void A_result_delta_round_trips_with_value_types()
    {
        var delta = new GoldDelta();
        object?[] row = ["P1", new DateTime(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc), 31, 2L, 31.5, 4.25m, true, new DateOnly(2025, 1, 1), null];
        delta.Upsert(GoldTables.PatientLifecycle, row);
        delta.Delete(GoldTables.RapidFireClaims, ["P2", new DateOnly(2025, 1, 2), 6L]);
        var files = new GoldTableFiles(GoldTables.PatientLifecycle.Name, [new GoldFile("part-1.parquet", 10, 5, "{}")], [new GoldFile("part-0.parquet", 9, 4, null)], [], 2);
        var result = RoundTrip(new KpiBatchResult(3, delta, [files]));
        var back = result.Delta;
        Assert.Equal(files.Adds, Assert.Single(result.Files).Adds);
        Assert.Equal(files.Removes, result.Files[0].Removes);

        var read = Assert.Single(back.Upserts(GoldTables.PatientLifecycle.Name));
        Assert.Equal(row, read);
        Assert.Equal(row.Select(v => v?.GetType()), read.Select(v => v?.GetType()));
        Assert.Equal(DateTimeKind.Utc, ((DateTime)read[1]!).Kind);
        Assert.Equal(new object?[] { "P2", new DateOnly(2025, 1, 2), 6L }, Assert.Single(back.Deletes(GoldTables.RapidFireClaims.Name)));
    }

    [Fact]
    public void Calls_inside_a_silo_pass_batches_and_results_without_a_copy()
    {
        var copier = Services.GetRequiredService<DeepCopier>();
        var batch = new KpiBatch(1, 1, KpiFacts.Empty, Refresh: false);
        var result = KpiBatchResult.Empty(1);
        Assert.Same(batch, copier.Copy(batch));
        Assert.Same(result, copier.Copy(result));
    }

    private static T RoundTrip<T>(T value)
    {
        var serializer = Services.GetRequiredService<Serializer>();
        return serializer.Deserialize<T>(serializer.SerializeToArray(value)) ?? throw new InvalidOperationException("Nothing read back.");
    }
}
