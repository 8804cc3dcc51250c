using System.Runtime.CompilerServices;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion.Readers;

namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>
/// An open file part. Enumerate <see cref="ReadBatchesAsync"/> once; afterwards <see cref="Counts"/> holds the
/// part's conservation figures. Failures while reading surface as <see cref="InputFileException"/>.
/// </summary>
public sealed class RawFileSession : IAsyncDisposable
{
    private readonly IRecordSource _source;
    private readonly RowBuilder _builder;
    private int _started;

    internal RawFileSession(SourceFileInfo file, DatasetDefinition dataset, FilePart part, IRecordSource source, RawReaderOptions options)
    {
        File = file;
        Dataset = dataset;
        Part = part;
        _source = source;
        _builder = new RowBuilder(dataset, file.RelativePath, options.BatchSize);
    }

    public SourceFileInfo File { get; }

    public DatasetDefinition Dataset { get; }

    public FilePart Part { get; }

    /// <summary>Records read, Bronze rows and quarantined rows so far (final once enumeration ends).</summary>
    public RecordCounts Counts => _builder.Counts;

    /// <summary>Batches of consecutive records, in file order; each batch holds at most the configured batch size.</summary>
    public async IAsyncEnumerable<RecordBatch> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A RawFileSession can be enumerated only once.");
        }

        await foreach (var batch in _source.ReadAsync(_builder, cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _source.DisposeAsync().ConfigureAwait(false);
        _builder.Dispose();
    }
}
