using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion.Readers;

namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>Entry point of the raw readers: opens one part of one submitted file for a dataset.</summary>
public static class RawFileReader
{
    /// <summary>
    /// Resolves <paramref name="relativePath"/> under <paramref name="rootFolder"/>, picks the reader by extension
    /// and opens it at <paramref name="part"/> (null = whole file). Throws <see cref="InputFileException"/> when the
    /// file cannot be opened at all (outside the root, unknown extension, not Avro, corrupt Parquet footer...).
    /// </summary>
    public static Task<RawFileSession> OpenAsync(
        string rootFolder, string relativePath, DatasetDefinition dataset, FilePart? part, CancellationToken cancellationToken) =>
        OpenAsync(SourceFiles.Resolve(rootFolder, relativePath), dataset, part, RawReaderOptions.Default, cancellationToken);

    public static async Task<RawFileSession> OpenAsync(
        SourceFileInfo file, DatasetDefinition dataset, FilePart? part, RawReaderOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        var actual = part ?? FilePart.Whole(file.Length);
        if (!actual.IsWholeFile && actual.FileLength != file.Length)
        {
            throw new InputFileException(file.RelativePath, InputFileErrorKind.Unreadable, "the file changed size since its parts were planned.");
        }

        IRecordSource source = file.Format switch
        {
            RawFormat.Csv => await DelimitedRecordSource.OpenAsync(file, dataset, actual, ',', options, cancellationToken).ConfigureAwait(false),
            RawFormat.Tsv => await DelimitedRecordSource.OpenAsync(file, dataset, actual, '\t', options, cancellationToken).ConfigureAwait(false),
            RawFormat.JsonLines => new JsonLinesRecordSource(file, actual, options),
            RawFormat.Avro => AvroRecordSource.Open(file, dataset, actual),
            RawFormat.Parquet => await ParquetRecordSource.OpenAsync(file, dataset, actual, cancellationToken).ConfigureAwait(false),
            _ => throw new InputFileException(file.RelativePath, InputFileErrorKind.UnsupportedFormat, "unsupported format."),
        };
        return new RawFileSession(file, dataset, actual, source, options);
    }
}
