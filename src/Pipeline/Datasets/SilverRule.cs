namespace Kardiaflow.Pipeline.Datasets;

/// <summary>
/// How a dataset's Bronze changes become rows of its Silver table (docs/data-contract.md, Silver). The Silver feed grain
/// has one method per rule and switches over this enum without a default arm, so a new rule that has no method there
/// does not build.
/// </summary>
public enum SilverRule
{
    /// <summary>PHI removed first, then SCD type 1 per key into silver_patients (the table is the state).</summary>
    MaskedLatestPerKey,

    /// <summary>SCD type 2 per key against the current versions silver_providers' buckets serve.</summary>
    VersionsPerKey,

    /// <summary>SCD type 1: the latest row per key in arrival order, conformed by <see cref="SilverFeed.Conform"/>.</summary>
    LatestPerKey,

    /// <summary>Immutable events: the first occurrence of a key wins, also against the table; conformed by <see cref="SilverFeed.Conform"/>.</summary>
    FirstPerKey,
}
