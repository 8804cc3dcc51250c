namespace Kardiaflow.Pipeline.Silver;

/// <summary>What one SCD2 step did: the provider's whole history after it, and the versions it closed or opened.</summary>
public sealed record Scd2Step(IReadOnlyList<ProviderVersion> History, IReadOnlyList<ProviderVersion> Changed)
{
    public bool CurrentChanged => Changed.Count > 0;
}
