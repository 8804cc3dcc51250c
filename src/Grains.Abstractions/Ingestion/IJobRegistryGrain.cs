namespace Kardiaflow.Grains.Abstractions.Ingestion;

/// <summary>The ids of submitted jobs, newest last (key: 0), so <c>kardiaflow status</c> can find them.</summary>
public interface IJobRegistryGrain : IGrainWithIntegerKey
{
    Task RegisterAsync(string jobId);

    Task<IReadOnlyList<string>> GetRecentAsync(int count);
}
