namespace Kardiaflow.Lakehouse.Operations;

/// <summary>
/// One source row of a merge: a full table row to upsert, or, with <paramref name="Delete"/>, the row whose key
/// columns name the target row to delete (its other values are ignored).
/// </summary>
public sealed record MergeRow(object?[] Row, bool Delete = false);
