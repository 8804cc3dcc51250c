namespace Kardiaflow.Pipeline.Silver;

/// <summary>One silver_providers row: a validity window [EffStart, EffEnd) of one provider's attributes.</summary>
public sealed record ProviderVersion(
    string ProviderId, string? Specialty, string? Location, DateTime EffStart, DateTime? EffEnd, bool IsCurrent, string? BatchId, string SourceFile)
{
    /// <summary>The silver_providers row; <c>_ingest_ts</c> is the ingest time of the row that opened the version.</summary>
    public object?[] ToRow() => [ProviderId, Specialty, Location, EffStart, EffEnd, IsCurrent, EffStart, BatchId, SourceFile];
}
