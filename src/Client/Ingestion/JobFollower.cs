using Kardiaflow.Grains.Abstractions.Ingestion;
using Spectre.Console;

namespace Kardiaflow.Client.Ingestion;

/// <summary>
/// Polls a job until it ends. On a terminal: one progress bar per dataset (bytes done, rows read, rows/s). Otherwise (CI,
/// a pipe): plain lines, one per file outcome and one per dataset every few seconds.
/// </summary>
internal sealed class JobFollower(IAnsiConsole console, IIngestionJobGrain job, bool interactive)
{
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainProgressPeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxUnreachable = TimeSpan.FromMinutes(3);

    public Task<JobSnapshot> FollowAsync(CancellationToken cancellationToken) =>
        interactive ? FollowWithBarsAsync(cancellationToken) : FollowWithLinesAsync(cancellationToken);

    private async Task<JobSnapshot> FollowWithBarsAsync(CancellationToken cancellationToken)
    {
        JobSnapshot? last = null;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                while (true)
                {
                    last = await PollAsync(cancellationToken);
                    foreach (var dataset in last.Datasets)
                    {
                        if (!bars.TryGetValue(dataset.Dataset, out var bar))
                        {
                            bar = context.AddTask(dataset.Dataset, maxValue: Math.Max(1, dataset.BytesTotal));
                            bars[dataset.Dataset] = bar;
                        }

                        bar.MaxValue = Math.Max(1, dataset.BytesTotal);
                        bar.Value = dataset.IsFinished ? bar.MaxValue : dataset.BytesDone;
                        bar.Description = Markup.Escape(Describe(dataset));
                        if (dataset.IsFinished)
                        {
                            bar.StopTask();
                        }
                    }

                    if (last.IsTerminal)
                    {
                        return;
                    }

                    await Task.Delay(PollPeriod, cancellationToken);
                }
            });
        return last!;
    }

    private async Task<JobSnapshot> FollowWithLinesAsync(CancellationToken cancellationToken)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var finishedDatasets = new HashSet<string>(StringComparer.Ordinal);
        var lastProgress = DateTime.UtcNow;
        while (true)
        {
            var snapshot = await PollAsync(cancellationToken);
            foreach (var file in snapshot.Files.Where(f => f.Status is FileStatus.Ingested or FileStatus.Skipped or FileStatus.Failed))
            {
                if (reported.Add(file.RelativePath))
                {
                    console.WriteLine(JobReport.DescribeFile(file));
                }
            }

            var periodic = DateTime.UtcNow - lastProgress >= PlainProgressPeriod;
            foreach (var dataset in snapshot.Datasets)
            {
                if (dataset.IsFinished ? finishedDatasets.Add(dataset.Dataset) : periodic)
                {
                    console.WriteLine(Describe(dataset));
                }
            }

            if (periodic)
            {
                lastProgress = DateTime.UtcNow;
            }

            if (snapshot.IsTerminal)
            {
                return snapshot;
            }

            await Task.Delay(PollPeriod, cancellationToken);
        }
    }

    /// <summary>Reads the job's status, riding out a silo that restarts or a grain that moves.</summary>
    private async Task<JobSnapshot> PollAsync(CancellationToken cancellationToken)
    {
        var since = DateTime.UtcNow;
        while (true)
        {
            try
            {
                return await job.GetStatusAsync();
            }
            catch (Exception) when (DateTime.UtcNow - since < MaxUnreachable && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private static string Describe(DatasetProgress dataset)
    {
        var rate = JobReport.RowsPerSecond(dataset);
        var state = dataset.IsFinished ? "done" : $"{dataset.FilesIngested + dataset.FilesSkipped + dataset.FilesFailed}/{dataset.Files} files";
        return string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{dataset.Dataset,-11} {dataset.RowsRead,10:N0} rows {rate,10:N0} rows/s  {state}");
    }
}
