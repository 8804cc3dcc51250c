namespace Kardiaflow.Grains.Ingestion;

/// <summary>Persisted job ids of <see cref="JobRegistryGrain"/>, oldest first.</summary>
[GenerateSerializer]
public sealed class JobRegistryState
{
    [Id(0)] public List<string> JobIds { get; set; } = [];
}
