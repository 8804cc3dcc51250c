using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Transactions;

namespace Kardiaflow.Lakehouse.Operations;

/// <summary>
/// Deletes data and change files that are older than the retention and that no table version within the retention
/// needs. A version within the retention needs the current files, and every file a commit within the retention
/// removed (the versions just before that commit still list it), and every change file such a commit wrote. Files
/// younger than the retention are never touched: they may be written by a writer that has not committed yet.
/// As Delta does, a vacuum that deletes (not a dry run) is recorded in the log by two commits holding only commitInfo:
/// <c>VACUUM START</c> (retention, files and bytes to delete) and <c>VACUUM END</c> (status, files deleted), so the
/// history shows who removed files and other engines can tell a vacuum ran.
/// </summary>
internal static class VacuumOperation
{
    public static async Task<VacuumResult> RunAsync(
        ILakeStorage storage, string tablePath, TableState state, TimeSpan retention, bool dryRun,
        Func<PendingCommit, CancellationToken, Task<CommitResult>> commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (retention < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retention), "The retention cannot be negative.");
        }

        var cutoff = DateTimeOffset.UtcNow - retention;
        var keep = state.Files.Select(f => DeltaPath.Decode(f.Path)).ToHashSet(StringComparer.Ordinal);

        var logPrefix = TableLayout.LogFolder(tablePath);
        await foreach (var entry in storage.ListAsync(logPrefix, cancellationToken).ConfigureAwait(false))
        {
            var name = entry.Path[logPrefix.Length..];
            if (entry.LastModified < cutoff || !IsCommitFile(name))
            {
                continue;
            }

            var actions = DeltaLogJson.ParseCommit(await storage.ReadAllBytesAsync(entry.Path, cancellationToken).ConfigureAwait(false), entry.Path);
            foreach (var action in actions)
            {
                switch (action)
                {
                    case RemoveFileAction r: keep.Add(DeltaPath.Decode(r.Path)); break;
                    case CdcFileAction c: keep.Add(DeltaPath.Decode(c.Path)); break;
                    case AddFileAction a: keep.Add(DeltaPath.Decode(a.Path)); break;
                    default: break;
                }
            }
        }

        var root = TableLayout.Combine(tablePath, string.Empty);
        var doomed = new List<StorageEntry>();
        var directories = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entry in storage.ListAsync(root, cancellationToken).ConfigureAwait(false))
        {
            var relative = entry.Path[root.Length..];
            if (IsHidden(relative))
            {
                continue;
            }

            directories.Add(relative.LastIndexOf('/') is var slash and >= 0 ? relative[..slash] : string.Empty);
            if (!keep.Contains(relative) && entry.LastModified < cutoff)
            {
                doomed.Add(entry);
            }
        }

        var bytes = doomed.Sum(e => e.Size);
        var deleted = doomed.Select(e => e.Path[root.Length..]).ToList();
        if (dryRun)
        {
            return new VacuumResult(deleted.Count, bytes, deleted);
        }

        var start = new Dictionary<string, string>
        {
            ["retentionCheckEnabled"] = "true",
            ["defaultRetentionMillis"] = Millis(RetentionDuration.DeletedFileRetention(state.Metadata)),
            ["specifiedRetentionMillis"] = Millis(retention),
        };
        var toDelete = new Dictionary<string, string> { [OperationMetricNames.NumFilesToDelete] = Count(doomed.Count), [OperationMetricNames.SizeOfDataToDelete] = Count(bytes) };
        await commit(Marker(state, DeltaOperations.VacuumStart, start, toDelete), cancellationToken).ConfigureAwait(false);

        var done = 0;
        try
        {
            foreach (var entry in doomed)
            {
                await storage.DeleteAsync(entry.Path, cancellationToken).ConfigureAwait(false);
                done++;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Azure.RequestFailedException or OperationCanceledException)
        {
            // The log says the vacuum failed and how far it got; the files it did not reach are found by the next run.
            await commit(Marker(state, DeltaOperations.VacuumEnd, Status("FAILED"), Ended(done, directories.Count)), CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await commit(Marker(state, DeltaOperations.VacuumEnd, Status("COMPLETED"), Ended(done, directories.Count)), cancellationToken).ConfigureAwait(false);
        return new VacuumResult(deleted.Count, bytes, deleted);
    }

    /// <summary>A commit holding only commitInfo: it reads nothing and conflicts with nothing, so it retries past other writers.</summary>
    private static PendingCommit Marker(TableState state, string operation, Dictionary<string, string> parameters, Dictionary<string, string> metrics) =>
        new(state.Version, [], operation, parameters, metrics, null, [], IsBlindAppend: true);

    private static Dictionary<string, string> Status(string status) => new() { ["status"] = status };

    private static Dictionary<string, string> Ended(int deleted, int directories) =>
        new() { [OperationMetricNames.NumDeletedFiles] = Count(deleted), [OperationMetricNames.NumVacuumedDirectories] = Count(directories) };

    private static string Millis(TimeSpan span) => Count((long)span.TotalMilliseconds);

    private static string Count(long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsCommitFile(string name) => name.Length == 25 && name.EndsWith(".json", StringComparison.Ordinal) && name[..20].All(char.IsAsciiDigit);

    // The log is never vacuumed; other hidden folders belong to someone else — except _change_data, which is ours.
    private static bool IsHidden(string relative)
    {
        if (relative.StartsWith("_change_data/", StringComparison.Ordinal))
        {
            return false;
        }

        return relative.Split('/').Any(segment => segment.StartsWith('_') || segment.StartsWith('.'));
    }
}
