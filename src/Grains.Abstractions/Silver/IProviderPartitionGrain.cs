namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// The providers of one entity partition (key: the partition number): SCD type 2 histories of silver_providers, and
/// the static side of the claims' and feedback's stream-static joins (it remembers which facts reference each
/// provider).
/// </summary>
public interface IProviderPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Applies a batch of Bronze commits ending at <paramref name="bronzeVersion"/>: each commit's last row per
    /// provider, in commit order. Returns, per provider of the rows, the versions closed or opened and the facts to
    /// re-enrich. Idempotent: the same batch again returns what it returned the first time; an older one changes nothing.
    /// </summary>
    Task<IReadOnlyList<ProviderApplied>> ApplyAsync(long bronzeVersion, IReadOnlyList<ProviderRow> rows);

    /// <summary>
    /// Remembers which facts of <paramref name="kind"/> reference each provider; returns, per reference and in its
    /// order, the provider's current version, or null when it has none.
    /// </summary>
    Task<IReadOnlyList<ProviderDimension?>> AttachAsync(FactKind kind, IReadOnlyList<FactReferences> references);
}
