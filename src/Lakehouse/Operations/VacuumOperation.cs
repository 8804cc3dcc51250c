using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Transactions;

namespace Kardiaflow.Lakehouse.Operations;

/// <summary>
/// Deletes data and change files that are older than the retention and that no table version within the retention
/// needs. A version within the retention needs the current files, and every file a commit within the retention
/// removed (the versions just before that commit still list it), and every change file such a commit wrote. Files
/// younger than the retention are never touched: they may be written by a writer that has not committed yet.
/// </summary>
internal static class VacuumOperation
{
    public static async Task<VacuumResult> RunAsync(
        ILakeStorage storage, string tablePath, TableState state, TimeSpan retention, bool dryRun, CancellationToken cancellationToken)
    {
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
        var deleted = new List<string>();
        long bytes = 0;
        await foreach (var entry in storage.ListAsync(root, cancellationToken).ConfigureAwait(false))
        {
            var relative = entry.Path[root.Length..];
            if (IsHidden(relative) || keep.Contains(relative) || entry.LastModified >= cutoff)
            {
                continue;
            }

            if (!dryRun)
            {
                await storage.DeleteAsync(entry.Path, cancellationToken).ConfigureAwait(false);
            }

            deleted.Add(relative);
            bytes += entry.Size;
        }

        return new VacuumResult(deleted.Count, bytes, deleted);
    }

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
