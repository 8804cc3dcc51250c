namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// The providers of one entity partition (key: the partition number): SCD type 2 histories of silver_providers, and
/// the static side of the claims' and feedback's stream-static joins.
/// </summary>
public interface IProviderPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Applies a batch of Bronze commits ending at <paramref name="bronzeVersion"/>: each commit's last row per
    /// provider, in commit order. Returns, per provider of the rows, the versions closed or opened. Idempotent: the
    /// same batch again returns what it returned the first time; an older one changes nothing.
    /// </summary>
    Task<IReadOnlyList<ProviderApplied>> ApplyAsync(long bronzeVersion, IReadOnlyList<ProviderRow> rows);

    /// <summary>Per provider id and in its order, the provider's current version, or null when it has none.</summary>
    Task<IReadOnlyList<ProviderDimension?>> DimensionsAsync(IReadOnlyList<string> providerIds);
}
