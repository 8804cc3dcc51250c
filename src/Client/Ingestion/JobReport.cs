using Kardiaflow.Grains.Abstractions.Ingestion;
using Spectre.Console;

namespace Kardiaflow.Client.Ingestion;

/// <summary>The end-of-job summary: a table per dataset, then what happened to files that were not ingested.</summary>
internal static class JobReport
{
    /// <param name="listFiles">False when each file's outcome was printed already (the plain-line follower).</param>
    public static void Write(IAnsiConsole console, JobSnapshot snapshot, bool listFiles = true)
    {
        var table = new Table().Title($"Job {snapshot.JobId}")
            .AddColumns("dataset", "files", "rows read", "Bronze rows", "quarantined", "skipped files", "failed files", "rows/s");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var d in snapshot.Datasets)
        {
            table.AddRow(
                Markup.Escape(d.Dataset),
                ConsoleTables.Count(d.Files),
                ConsoleTables.Count(d.RowsRead),
                ConsoleTables.Count(d.BronzeRows),
                ConsoleTables.Count(d.QuarantinedRows),
                ConsoleTables.Count(d.FilesSkipped),
                ConsoleTables.Count(d.FilesFailed),
                ConsoleTables.Count((long)RowsPerSecond(d)));
        }

        console.Write(table);
        foreach (var file in snapshot.Files.Where(f => listFiles && f.Status is FileStatus.Skipped or FileStatus.Failed))
        {
            console.WriteLine(DescribeFile(file));
        }

        if (snapshot.Files.Count > 0 && snapshot.Files.All(f => f.Status == FileStatus.Skipped))
        {
            console.WriteLine($"All {snapshot.Files.Count} files were already ingested; nothing was added.");
        }

        if (snapshot.Error is { } error)
        {
            console.WriteLine($"Job failed: {error}");
        }

        var failed = snapshot.Files.Count(f => f.Status == FileStatus.Failed);
        console.WriteLine(snapshot.Succeeded
            ? $"Job {snapshot.JobId} completed in {Elapsed(snapshot):F1} s."
            : $"Job {snapshot.JobId} FAILED ({failed} file(s) failed).");
    }

    public static string DescribeFile(FileOutcome file) => file.Status switch
    {
        FileStatus.Ingested => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{file.RelativePath}: ingested {file.BronzeRows:N0} rows, {file.QuarantinedRows:N0} quarantined{(file.CommitVersion is { } v ? $" (version {v})" : "")}"),
        FileStatus.Skipped => $"{file.RelativePath}: skipped, {file.Error}",
        FileStatus.Failed => $"{file.RelativePath}: FAILED: {file.Error}",
        _ => $"{file.RelativePath}: {file.Status}",
    };

    public static double RowsPerSecond(DatasetProgress dataset)
    {
        if (dataset.StartedAt is not { } started)
        {
            return 0;
        }

        var seconds = ((dataset.FinishedAt ?? DateTimeOffset.UtcNow) - started).TotalSeconds;
        return seconds <= 0 ? 0 : dataset.RowsRead / seconds;
    }

    private static double Elapsed(JobSnapshot snapshot) =>
        snapshot.SubmittedAt is { } submitted ? ((snapshot.FinishedAt ?? DateTimeOffset.UtcNow) - submitted).TotalSeconds : 0;

}
