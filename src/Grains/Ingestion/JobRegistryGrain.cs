using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Grains.Hosting;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>Keeps the ids of the last jobs submitted, so <c>kardiaflow status</c> can show them.</summary>
/// <remarks>Concurrency: not reentrant; each registration is one turn that writes the state before the next starts.</remarks>
public sealed class JobRegistryGrain(
    [PersistentState("job-registry", GrainStorageNames.Default)] IPersistentState<JobRegistryState> registry) : Grain, IJobRegistryGrain
{
    private const int Capacity = 200;

    public async Task RegisterAsync(string jobId)
    {
        if (registry.State.JobIds.Contains(jobId))
        {
            return;
        }

        registry.State.JobIds.Add(jobId);
        if (registry.State.JobIds.Count > Capacity)
        {
            registry.State.JobIds.RemoveRange(0, registry.State.JobIds.Count - Capacity);
        }

        await registry.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> GetRecentAsync(int count) =>
        Task.FromResult<IReadOnlyList<string>>(registry.State.JobIds.TakeLast(Math.Max(0, count)).ToList());
}
