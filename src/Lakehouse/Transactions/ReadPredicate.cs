using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Transactions;

/// <summary>
/// What a read-modify-write operation (MERGE, DELETE) depended on beyond the files it read: the rows it would have
/// matched. When the operation loses a race, every data file a winner added is put to <see cref="MayMatchAsync"/>; a
/// file that may hold such a row is a conflict, because committing on top of it would act as if the row did not exist
/// (Delta's concurrent-append check). The answer may be a false positive (a spurious conflict, retried by the caller),
/// never a false negative.
/// </summary>
internal abstract class ReadPredicate
{
    /// <summary>What was read, for the conflict message (no row values: they may be PHI).</summary>
    public abstract string Description { get; }

    /// <summary>True when <paramref name="file"/> may hold a row the operation would have matched.</summary>
    public abstract Task<bool> MayMatchAsync(ILakeStorage storage, string tablePath, AddFileAction file, CancellationToken cancellationToken);
}
