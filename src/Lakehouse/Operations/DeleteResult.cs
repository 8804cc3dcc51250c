namespace Kardiaflow.Lakehouse.Operations;

/// <summary>What a delete did: the version that holds it (the version read, when no row matched) and the rows removed.</summary>
public sealed record DeleteResult(long Version, long RowsDeleted);
