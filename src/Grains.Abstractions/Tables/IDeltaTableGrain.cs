namespace Kardiaflow.Grains.Abstractions.Tables;

/// <summary>
/// The one committer of a Delta table (key: the table path relative to the lake, e.g. <c>bronze/bronze_claims</c>).
/// Commits are idempotent through Delta <c>txn</c> actions and each new version is announced on
/// <see cref="TableStreams.VersionsNamespace"/>.
/// </summary>
public interface IDeltaTableGrain : IGrainWithStringKey
{
    /// <summary>Creates the table when it does not exist yet; returns its current version.</summary>
    Task<long> EnsureCreatedAsync();

    /// <summary>The application ids among <paramref name="appIds"/> that the table has already committed, with their
    /// <c>txn</c> versions.</summary>
    Task<IReadOnlyDictionary<string, long>> GetCommittedAppIdsAsync(IReadOnlyList<string> appIds);

    /// <summary>Commits the files not committed yet, in one Delta commit.</summary>
    Task<CommitReceipt> CommitAsync(CommitRequest request);

    /// <summary>Commits a streamed micro-batch's rows when the source's <c>txn</c> version is still the expected one.</summary>
    Task<SequenceCommitReceipt> CommitSequenceAsync(SequenceCommitRequest request);
}
