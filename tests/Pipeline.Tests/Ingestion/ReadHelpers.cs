using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;

namespace Kardiaflow.Pipeline.Tests.Ingestion;

internal sealed record ReadResult(List<object?[]> Rows, List<QuarantinedRecord> Quarantined, RecordCounts Counts)
{
    public object? Value(int row, string column, DatasetDefinition dataset) => Rows[row][dataset.BronzeSchema.IndexOf(column)];
}

internal static class ReadHelpers
{
    // Builds may put binaries outside the repo (--artifacts-path), so also look above this source file.
    public static string SampleRoot => FindSamples(AppContext.BaseDirectory) ?? FindSamples(SourceDirectory()) ??
        throw new DirectoryNotFoundException("samples/kardiaflow not found above the test binaries or sources.");

    private static string? FindSamples(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "kardiaflow");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    public static async Task<ReadResult> ReadAsync(string root, string relativePath, DatasetDefinition dataset, FilePart? part = null, RawReaderOptions? options = null)
    {
        var file = SourceFiles.Resolve(root, relativePath);
        await using var session = await RawFileReader.OpenAsync(file, dataset, part, options ?? RawReaderOptions.Default, CancellationToken.None);
        var rows = new List<object?[]>();
        var quarantined = new List<QuarantinedRecord>();
        await foreach (var batch in session.ReadBatchesAsync(CancellationToken.None))
        {
            rows.AddRange(batch.Rows);
            quarantined.AddRange(batch.Quarantined);
        }

        Assert.True(session.Counts.IsConserved);
        Assert.Equal(rows.Count, session.Counts.BronzeRows);
        Assert.Equal(quarantined.Count, session.Counts.QuarantinedRows);
        return new ReadResult(rows, quarantined, session.Counts);
    }

    public static async Task<ReadResult> ReadPartsAsync(string root, string relativePath, DatasetDefinition dataset, long targetPartBytes)
    {
        var file = SourceFiles.Resolve(root, relativePath);
        var parts = await FilePartPlanner.PlanAsync(file, targetPartBytes, CancellationToken.None);
        var rows = new List<object?[]>();
        var quarantined = new List<QuarantinedRecord>();
        var counts = RecordCounts.Zero;
        foreach (var part in parts)
        {
            var result = await ReadAsync(root, relativePath, dataset, part);
            rows.AddRange(result.Rows);
            quarantined.AddRange(result.Quarantined);
            counts = counts.Add(result.Counts);
        }

        return new ReadResult(rows, quarantined, counts);
    }

    public static async Task<ReadResult> ReadDatasetAsync(DatasetDefinition dataset)
    {
        var root = SampleRoot;
        var rows = new List<object?[]>();
        var quarantined = new List<QuarantinedRecord>();
        var counts = RecordCounts.Zero;
        foreach (var file in SubmissionScanner.Scan(root))
        {
            if (file.Dataset != dataset.Name)
            {
                continue;
            }

            var result = await ReadAsync(root, file.RelativePath, dataset);
            rows.AddRange(result.Rows);
            quarantined.AddRange(result.Quarantined);
            counts = counts.Add(result.Counts);
        }

        return new ReadResult(rows, quarantined, counts);
    }
}
