using Kardiaflow.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Kardiaflow.Cluster.Tests.Storage;

/// <summary>
/// Two activations of one grain racing on its state (as happens while a dead silo's activations are re-placed): of two
/// writes made from the same version, exactly one succeeds, whether the writers share a storage instance or not.
/// </summary>
public sealed class FileGrainStorageTests
{
    private static readonly GrainId Grain = GrainId.Create("test-grain", "key/with:odd chars");

    [Fact]
    public async Task Of_many_writers_starting_from_the_same_version_exactly_one_wins_each_round()
    {
        var directory = TestData.NewFolder("grain-state");
        var writers = Enumerable.Range(0, 8).Select(_ => NewStorage(directory)).ToList();

        // Everyone reads version 1, then all write at once: one write may pass the ETag check, the others must fail.
        await writers[0].WriteStateAsync("state", Grain, new GrainState<Counter> { State = new Counter { Value = 1 } });
        for (var round = 0; round < 25; round++)
        {
            var views = new List<GrainState<Counter>>();
            foreach (var writer in writers)
            {
                var view = new GrainState<Counter> { State = new Counter() };
                await writer.ReadStateAsync("state", Grain, view);
                views.Add(view);
            }

            Assert.Single(views.Select(v => v.ETag).Distinct());
            var outcomes = await Task.WhenAll(writers.Select((writer, i) => Task.Run(async () =>
            {
                views[i].State = new Counter { Value = views[i].State!.Value + 1, Writer = i };
                try
                {
                    await writer.WriteStateAsync("state", Grain, views[i]);
                    return true;
                }
                catch (InconsistentStateException)
                {
                    return false;
                }
            })));

            Assert.Equal(1, outcomes.Count(won => won));
            var stored = new GrainState<Counter> { State = new Counter() };
            await writers[0].ReadStateAsync("state", Grain, stored);
            Assert.Equal(round + 2, stored.State.Value);
            Assert.Equal(Array.IndexOf(outcomes, true), stored.State.Writer);
        }
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_fails_and_leaves_the_state_as_it_was()
    {
        var storage = NewStorage(TestData.NewFolder("grain-state"));
        var first = new GrainState<Counter> { State = new Counter { Value = 1 } };
        await storage.WriteStateAsync("state", Grain, first);
        var stale = new GrainState<Counter> { State = new Counter { Value = 5 }, ETag = null };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", Grain, stale));
        var stored = new GrainState<Counter> { State = new Counter() };
        await storage.ReadStateAsync("state", Grain, stored);
        Assert.Equal(1, stored.State.Value);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("state", Grain, stale));
        await storage.ClearStateAsync("state", Grain, stored);
        var cleared = new GrainState<Counter> { State = new Counter() };
        await storage.ReadStateAsync("state", Grain, cleared);
        Assert.False(cleared.RecordExists);
    }

    private static FileGrainStorage NewStorage(string directory)
    {
        var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        return new FileGrainStorage("test", directory, new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()), NullLogger<FileGrainStorage>.Instance);
    }
}
