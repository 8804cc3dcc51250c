namespace Kardiaflow.Lakehouse;

/// <summary>Why a commit could not be retried on top of a concurrent one.</summary>
public enum DeltaConflictKind
{
    /// <summary>A concurrent commit removed (deleted, rewrote, compacted) files this operation read.</summary>
    FilesReadWereChanged,

    /// <summary>A concurrent commit changed metadata (schema, partitioning, configuration) or the protocol.</summary>
    MetadataChanged,

    /// <summary>Creating the table lost to another writer creating it.</summary>
    TableAlreadyExists,
}
