using System.Runtime.CompilerServices;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// Reads one version of a Bronze table's change feed: the <c>insert</c> and <c>update_postimage</c> rows (SPEC.md §3),
/// streamed, each with the version that committed it.
/// </summary>
public static class BronzeChangeReader
{
    public static async IAsyncEnumerable<BronzeRow> ReadVersionAsync(
        ILakeStorage storage, DatasetDefinition dataset, long version, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var changes = await TableChanges.ReadAsync(storage, dataset.BronzeTablePath, version, version, cancellationToken).ConfigureAwait(false);
        var changeType = changes.Schema.IndexOf(TableChanges.ChangeTypeColumn);
        var width = dataset.BronzeWidth;
        await foreach (var row in changes.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (row[changeType] is "insert" or "update_postimage")
            {
                yield return new BronzeRow(dataset, row[..width], version);
            }
        }
    }
}
