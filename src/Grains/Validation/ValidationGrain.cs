using Kardiaflow.Grains.Abstractions.Validation;
using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Checks;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.Grains.Validation;

/// <summary>
/// Runs the docs/data-contract.md (Checks) checks over the lake and appends them, with one shared run_ts, to validation/smoke_results.
/// First the layers settle (<see cref="PipelineSettle"/>: Silver waited for, Gold updated once when it is behind), then
/// the checks, which only read. Concurrency: not reentrant, so runs never interleave their appends.
/// </summary>
public sealed partial class ValidationGrain(ILakeStorage storage, ILogger<ValidationGrain> logger) : Grain, IValidationGrain
{
    public async Task<ValidationRun> RunAsync()
    {
        // The freshness checks compare the layers once they settled: gathered first, then every check runs at one run_ts.
        var progress = await PipelineSettle.GatherAsync(GrainFactory, storage, CancellationToken.None);
        var runTs = DateTime.UtcNow;
        var results = await CheckRunner.RunAsync(SmokeChecks.All(storage, progress), CancellationToken.None);
        await SmokeResults.AppendAsync(storage, runTs, results, CancellationToken.None);
        var failed = results.Count(r => r.Failed);
        LogRun(logger, results.Count, failed);
        return new ValidationRun(runTs, results.Select(r => new CheckRow(r.Layer, r.TableName, r.Metric, r.Value, r.Status, r.Message)).ToList());
    }

    public Task<string?> GetLocalLakeFolderAsync() => Task.FromResult((storage as LocalLakeStorage)?.Root);

    [LoggerMessage(EventId = GrainEventIds.Validation.Run, Level = LogLevel.Information, Message = "Data-quality checks ran: {Checks} results, {Failed} FAIL or ERROR")]
    private static partial void LogRun(ILogger logger, int checks, int failed);
}
