namespace Kardiaflow.Lakehouse.Operations;

/// <summary>What a MERGE prepared outside the engine did, for the commit's operation metrics.</summary>
public sealed record MergeCounts(long SourceRows, long Inserted, long Updated, long Copied);
