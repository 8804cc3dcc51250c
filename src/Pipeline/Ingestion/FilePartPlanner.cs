using Kardiaflow.Pipeline.Ingestion.Readers;

namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>
/// Splits a file into parts that can be read in parallel: Parquet by row group, Avro by block, JSONL at
/// newlines, CSV/TSV at newlines only when no quoted field spans a line (otherwise one part). Every plan
/// covers the file exactly once and carries each part's first 1-based source row, so reading all parts gives
/// exactly the records and row numbers of reading the whole file.
/// </summary>
public static class FilePartPlanner
{
    /// <summary>Default part size: large enough that per-part overhead is noise, small enough to spread work.</summary>
    public const long DefaultTargetPartBytes = 64L * 1024 * 1024;

    public static Task<IReadOnlyList<FilePart>> PlanAsync(string rootFolder, string relativePath, long targetPartBytes, CancellationToken cancellationToken) =>
        PlanAsync(SourceFiles.Resolve(rootFolder, relativePath), targetPartBytes, cancellationToken);

    public static async Task<IReadOnlyList<FilePart>> PlanAsync(SourceFileInfo file, long targetPartBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetPartBytes, 1);
        if (file.Length <= targetPartBytes)
        {
            return [FilePart.Whole(file.Length)];
        }

        var plan = file.Format switch
        {
            RawFormat.Csv or RawFormat.Tsv => await LinePartScanner.ScanAsync(file, targetPartBytes, file.Format == RawFormat.Tsv ? '\t' : ',', cancellationToken).ConfigureAwait(false),
            RawFormat.JsonLines => await LinePartScanner.ScanAsync(file, targetPartBytes, null, cancellationToken).ConfigureAwait(false),
            RawFormat.Avro => await AvroBlockScanner.ScanAsync(file, targetPartBytes, cancellationToken).ConfigureAwait(false),
            RawFormat.Parquet => await ParquetRecordSource.PlanAsync(file, targetPartBytes, cancellationToken).ConfigureAwait(false),
            _ => PartCuts.Unsplittable,
        };

        var cuts = plan.Cuts;
        if (cuts.Count <= 1)
        {
            return [FilePart.Whole(file.Length)];
        }

        var unit = file.Format == RawFormat.Parquet ? FilePartUnit.RowGroups : FilePartUnit.Bytes;
        var end = plan.End;
        var parts = new FilePart[cuts.Count];
        for (var i = 0; i < cuts.Count; i++)
        {
            var partEnd = i + 1 < cuts.Count ? cuts[i + 1].Start : end;
            parts[i] = new FilePart(i, cuts.Count, unit, cuts[i].Start, partEnd, cuts[i].FirstRow, file.Length);
        }

        return parts;
    }
}
