namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>One format's reader over one file part; it pushes records through the <see cref="RowBuilder"/>.</summary>
internal interface IRecordSource : IAsyncDisposable
{
    IAsyncEnumerable<RecordBatch> ReadAsync(RowBuilder builder, CancellationToken cancellationToken);
}
