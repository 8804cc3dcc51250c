using System.Runtime.CompilerServices;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// One Bronze version read file by file (docs/adr/silver-version-slices.md): the data files it added in arrival
/// order, and the rows of some of them, so that a version larger than a Silver batch may be consumed in slices.
/// </summary>
public static class BronzeVersionFiles
{
    private static readonly string[] ArrivalColumns = [AuditColumns.SourceFile, AuditColumns.SourceRow];

    /// <summary>
    /// The data files <paramref name="version"/> added, ordered by arrival, each with its row count and arrival range
    /// (read from the two audit columns, not from the stats, which truncate long paths). Null when the version is not
    /// a plain append of files whose arrival ranges do not interleave (change files, removes, or interleaved files):
    /// such a version is consumed whole.
    /// </summary>
    public static async Task<IReadOnlyList<BronzeDataFile>?> ListAsync(
        ILakeStorage storage, DeltaTable bronze, DatasetDefinition dataset, long version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bronze);
        ArgumentNullException.ThrowIfNull(dataset);
        var actions = await ReadCommitAsync(storage, bronze.TablePath, version, cancellationToken).ConfigureAwait(false);
        if (actions is null || actions.Any(a => a is CdcFileAction or RemoveFileAction { DataChange: true }))
        {
            return null;
        }

        var files = new List<BronzeDataFile>();
        foreach (var add in actions.OfType<AddFileAction>().Where(a => a.DataChange))
        {
            var rows = await bronze.ReadFileAsync(add, ArrivalColumns, cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                continue;
            }

            var arrivals = rows.Select(r => new BronzeRow(dataset, r, version).Arrival).ToList();
            files.Add(new BronzeDataFile(add.Path, rows.Count, arrivals.Min(), arrivals.Max()));
        }

        files.Sort((a, b) => a.First.CompareTo(b.First));
        for (var i = 1; i < files.Count; i++)
        {
            if (files[i - 1].Last >= files[i].First)
            {
                return null;
            }
        }

        return files;
    }

    /// <summary>The rows of <paramref name="paths"/> (data files <paramref name="version"/> added), file after file in the order given.</summary>
    public static async IAsyncEnumerable<BronzeRow> ReadAsync(
        ILakeStorage storage, DeltaTable bronze, DatasetDefinition dataset, long version, IReadOnlyList<string> paths,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bronze);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(paths);
        var actions = await ReadCommitAsync(storage, bronze.TablePath, version, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Version {version} of {bronze.TablePath} is no longer in the log.");
        var adds = actions.OfType<AddFileAction>().ToDictionary(a => a.Path, StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var add = adds.GetValueOrDefault(path) ?? throw new InvalidOperationException($"Version {version} of {bronze.TablePath} did not add {path}.");
            // One data file at a time: a slice holds at most its conformed rows plus the file being read.
            foreach (var row in await bronze.ReadFileAsync(add, null, cancellationToken).ConfigureAwait(false))
            {
                yield return new BronzeRow(dataset, row, version);
            }
        }
    }

    private static async Task<IReadOnlyList<DeltaAction>?> ReadCommitAsync(ILakeStorage storage, string tablePath, long version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var listing = await DeltaLogListing.ListAsync(storage, tablePath, cancellationToken, version).ConfigureAwait(false);
        if (!listing.Commits.TryGetValue(version, out var entry))
        {
            return null;
        }

        return DeltaLogJson.ParseCommit(await storage.ReadAllBytesAsync(entry.Path, cancellationToken).ConfigureAwait(false), entry.Path);
    }
}
