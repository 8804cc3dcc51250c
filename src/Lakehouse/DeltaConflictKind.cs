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

    /// <summary>
    /// A concurrent commit already carried some, not all, of this commit's application transactions (txn actions):
    /// committing would apply those twice, and skipping them would split one commit into parts.
    /// </summary>
    TransactionsPartlyCommitted,

    /// <summary>
    /// A concurrent commit added data files that may hold rows this operation read or would have matched (a MERGE's
    /// keys, a DELETE's predicate): committing on top of it would act as if those rows did not exist — two MERGEs would
    /// insert the same key twice. Delta calls this a concurrent append.
    /// </summary>
    FilesAddedMatchingRead,
}
