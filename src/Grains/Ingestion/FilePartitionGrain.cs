using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Grains.Abstractions.Tables;
using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Grains.Tables;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>
/// Reads one part of one input file with the Pipeline's reader and writes its Bronze and quarantine rows as Parquet data
/// files (not committed: the job commits them, in path order, through the table grains).
/// </summary>
/// <remarks>
/// Memory is bounded: batches stream from the reader into a buffer of at most
/// <see cref="IngestionOptions.RowsPerDataFile"/> rows, flushed to a data file when full; a file is never held whole.
/// Concurrency: not reentrant; a retried part queues behind a running attempt of the same part. The grain keeps no state:
/// a part that is lost with its silo is simply read again, and the data files of the lost attempt stay uncommitted.
/// </remarks>
// Spread by key over the silos (a stable hash of the grain id), not by momentary load: a cluster of N silos runs the
// parts and partitions N ways (docs/adr/azure-profile-storage.md).
[HashBasedPlacement]
public sealed partial class FilePartitionGrain(
    ILakeStorage storage,
    IOptions<IngestionOptions> options,
    ISubmissionFolders folders,
    ILogger<FilePartitionGrain> logger) : Grain, IFilePartitionGrain
{
    private static readonly TimeSpan ProgressPeriod = TimeSpan.FromMilliseconds(250);

    public async Task<PartResult> IngestAsync(PartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dataset = DatasetCatalog.Get(request.Dataset);
        var job = GrainFactory.GetGrain<IIngestionJobGrain>(request.JobId);
        var started = DateTime.UtcNow;
        try
        {
            var root = await folders.LocalFolderAsync(request.Root, [request.RelativePath], CancellationToken.None);
            var file = SourceFiles.Resolve(root, request.RelativePath);
            var bronze = new DataFileSink(await DeltaTable.OpenAsync(storage, dataset.BronzeTablePath, CancellationToken.None), options.Value.RowsPerDataFile);
            var quarantine = new DataFileSink(await DeltaTable.OpenAsync(storage, dataset.QuarantineTablePath, CancellationToken.None), options.Value.RowsPerDataFile);
            long read = 0;
            var lastReport = DateTime.UtcNow;
            await using var session = await RawFileReader.OpenAsync(file, dataset, request.Part.ToPipeline(), RawReaderOptions.Default, CancellationToken.None);
            await foreach (var batch in session.ReadBatchesAsync(CancellationToken.None))
            {
                batch.StampAudit(dataset, request.IngestTimestamp, request.JobId);
                await bronze.AddAsync(batch.Rows);
                if (batch.Quarantined.Count > 0)
                {
                    await quarantine.AddAsync(batch.Quarantined.Select(q => q.ToRow(file.RelativePath, request.JobId, request.IngestTimestamp)).ToList());
                }

                read += batch.RecordsRead;
                if (DateTime.UtcNow - lastReport >= ProgressPeriod)
                {
                    await job.ReportProgressAsync(new PartProgress(request.RelativePath, request.Part.Index, read));
                    lastReport = DateTime.UtcNow;
                }
            }

            await bronze.FlushAsync();
            await quarantine.FlushAsync();
            LogPartWritten(logger, request.Dataset, request.RelativePath, request.Part.Index, read, bronze.Rows, quarantine.Rows, (DateTime.UtcNow - started).TotalMilliseconds);
            return new PartResult(bronze.Files, quarantine.Files, read, bronze.Rows, quarantine.Rows, null);
        }
        catch (InputFileException e)
        {
            // The file itself is unusable: it fails alone, and the message names it without quoting any value.
            LogPartFailed(logger, request.Dataset, request.RelativePath, request.Part.Index, e.Kind);
            return new PartResult([], [], 0, 0, 0, e.Message);
        }
    }

    [LoggerMessage(EventId = GrainEventIds.FilePartition.PartWritten, Level = LogLevel.Information, Message = "Wrote {Dataset} {File} part {Part}: {Read} records, {Bronze} Bronze rows, {Quarantined} quarantined in {ElapsedMs:F0} ms")]
    private static partial void LogPartWritten(ILogger logger, string dataset, string file, int part, long read, long bronze, long quarantined, double elapsedMs);

    [LoggerMessage(EventId = GrainEventIds.FilePartition.PartFailed, Level = LogLevel.Warning, Message = "{Dataset} {File} part {Part} cannot be read ({Kind})")]
    private static partial void LogPartFailed(ILogger logger, string dataset, string file, int part, InputFileErrorKind kind);
}
