using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>A record that does not enter Bronze (docs/data-contract.md (Bronze)).</summary>
/// <param name="SourceRow">1-based position of the record in its file.</param>
/// <param name="Reason">A sentence a person understands; never contains row values.</param>
/// <param name="Raw">The raw text of the record, cut at <see cref="QuarantineColumns.MaxRawChars"/>; null when unavailable.</param>
public sealed record QuarantinedRecord(long SourceRow, string Reason, string? Raw)
{
    /// <summary>A row of the quarantine table (<see cref="QuarantineColumns.Schema"/> order).</summary>
    public object?[] ToRow(string sourceFile, string batchId, DateTime ingestTsUtc) =>
        [sourceFile, SourceRow, batchId, ingestTsUtc, Reason, Raw];

    /// <summary>A record whose raw form is UTF-8 bytes (a JSONL line, an event body); invalid bytes become U+FFFD.</summary>
    public static QuarantinedRecord FromUtf8(long sourceRow, string reason, ReadOnlySpan<byte> utf8Raw)
    {
        var limit = Math.Min(utf8Raw.Length, QuarantineColumns.MaxRawChars * 3);
        return new QuarantinedRecord(sourceRow, reason, Cut(System.Text.Encoding.UTF8.GetString(utf8Raw[..limit])));
    }

    internal static string? Cut(ReadOnlySpan<char> raw) =>
        raw.Length <= QuarantineColumns.MaxRawChars ? raw.ToString() : raw[..QuarantineColumns.MaxRawChars].ToString();
}
