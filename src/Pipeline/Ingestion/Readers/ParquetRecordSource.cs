using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>Parquet through the engine's adapter (Kardiaflow.Lakehouse.Parquet); a part is a range of row groups.</summary>
internal sealed class ParquetRecordSource : IRecordSource
{
    public static Task<ParquetRecordSource> OpenAsync(SourceFileInfo file, DatasetDefinition dataset, FilePart part, CancellationToken cancellationToken)
    {
        _ = dataset;
        _ = part;
        cancellationToken.ThrowIfCancellationRequested();
        throw new InputFileException(file.RelativePath, InputFileErrorKind.Unreadable, "Parquet input is not supported yet.");
    }

    public static Task<PartCuts> PlanAsync(SourceFileInfo file, long target, CancellationToken cancellationToken)
    {
        _ = file;
        _ = target;
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(PartCuts.Unsplittable);
    }

    public IAsyncEnumerable<RecordBatch> ReadAsync(RowBuilder builder, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
