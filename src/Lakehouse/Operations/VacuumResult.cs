namespace Kardiaflow.Lakehouse.Operations;

/// <summary>What vacuum deleted: data and change files no version within the retention references.</summary>
public sealed record VacuumResult(int FilesDeleted, long BytesDeleted, IReadOnlyList<string> DeletedPaths);
