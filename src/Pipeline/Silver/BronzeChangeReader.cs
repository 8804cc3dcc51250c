using System.Runtime.CompilerServices;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// Reads a range of versions of a Bronze table's change feed: the <c>insert</c> and <c>update_postimage</c> rows
/// (docs/data-contract.md (Silver)), streamed in commit order, each with the version that committed it.
/// </summary>
public static class BronzeChangeReader
{
    public static async IAsyncEnumerable<BronzeRow> ReadVersionsAsync(
        ILakeStorage storage, DatasetDefinition dataset, long fromVersion, long toVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        await foreach (var image in TableChanges.ReadPostImagesAsync(storage, dataset.BronzeTablePath, fromVersion, toVersion, cancellationToken).ConfigureAwait(false))
        {
            yield return new BronzeRow(dataset, image.Row, image.CommitVersion);
        }
    }
}
