using System.Diagnostics.CodeAnalysis;

namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>Chooses the reader by file extension (case-insensitive).</summary>
public static class RawFormats
{
    public static bool TryFromPath(string path, [NotNullWhen(true)] out RawFormat? format)
    {
        format = Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".CSV" => RawFormat.Csv,
            ".TSV" => RawFormat.Tsv,
            ".AVRO" => RawFormat.Avro,
            ".PARQUET" => RawFormat.Parquet,
            ".JSONL" or ".JSON" or ".NDJSON" => RawFormat.JsonLines,
            _ => null,
        };
        return format is not null;
    }

    /// <summary>The format of <paramref name="relativePath"/>; <see cref="InputFileException"/> naming the file when unknown.</summary>
    public static RawFormat FromPath(string relativePath) =>
        TryFromPath(relativePath, out var format)
            ? format.Value
            : throw new InputFileException(
                relativePath,
                InputFileErrorKind.UnsupportedFormat,
                $"unsupported file extension '{Path.GetExtension(relativePath)}'; expected .csv, .tsv, .avro, .parquet, .jsonl or .json.");
}
