using System.Runtime.CompilerServices;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// Reads a range of versions of a Bronze table's change feed: the <c>insert</c> and <c>update_postimage</c> rows
/// (SPEC.md §3), streamed in commit order, each with the version that committed it.
/// </summary>
public static class BronzeChangeReader
{
    public static async IAsyncEnumerable<BronzeRow> ReadVersionsAsync(
        ILakeStorage storage, DatasetDefinition dataset, long fromVersion, long toVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var changes = await TableChanges.ReadAsync(storage, dataset.BronzeTablePath, fromVersion, toVersion, cancellationToken).ConfigureAwait(false);
        var changeType = changes.Schema.IndexOf(TableChanges.ChangeTypeColumn);
        var commitVersion = changes.Schema.IndexOf(TableChanges.CommitVersionColumn);
        var width = dataset.BronzeWidth;
        await foreach (var row in changes.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (row[changeType] is "insert" or "update_postimage")
            {
                yield return new BronzeRow(dataset, row[..width], (long)row[commitVersion]!);
            }
        }
    }
}
