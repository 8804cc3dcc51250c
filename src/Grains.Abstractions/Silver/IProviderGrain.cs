namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// One provider (key: the provider id): SCD type 2 history of silver_providers, and the static side of the claims' and
/// feedback's stream-static joins (it remembers which facts reference it).
/// </summary>
public interface IProviderGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies the provider's last row of one Bronze commit. Idempotent: the same version again returns the outcome it
    /// returned the first time; an older version changes nothing.
    /// </summary>
    Task<ProviderApplied> ApplyAsync(long bronzeVersion, ProviderRow row);

    /// <summary>Remembers that these facts reference the provider; returns its current version, or null when none.</summary>
    Task<ProviderDimension?> AttachAsync(FactKind kind, IReadOnlyList<string> factIds);

    /// <summary>The provider's history, oldest first.</summary>
    Task<IReadOnlyList<ProviderVersionRow>> GetHistoryAsync();
}
