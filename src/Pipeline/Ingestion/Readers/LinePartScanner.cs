using System.Buffers;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// One vectorised pass over a line-oriented file finding safe cut points (line starts) and the number of
/// records before each. Counts records exactly as the readers do: CSV/TSV skip the header (first non-blank
/// line) and empty lines; JSONL skips whitespace-only lines; a leading UTF-8 BOM is not content. CSV/TSV quote
/// state follows the parser's rules (<see cref="CsvQuotes"/>: a quote opens a quoted field only at a field start, <c>""</c>
/// inside quotes is an escaped quote); any newline inside quotes, a quote left open, or a lone '\r' outside quotes (which
/// ends a record for the parser) makes the file unsplittable.
/// </summary>
internal static class LinePartScanner
{
    public static async Task<PartCuts> ScanAsync(SourceFileInfo file, long target, char? delimiter, CancellationToken cancellationToken)
    {
        var csv = delimiter is not null;
        var delim = (byte)(delimiter ?? '\n');
        var stops = SearchValues.Create([(byte)'"', (byte)'\n', (byte)'\r', delim]);
        var pendingCr = false;
        var cuts = new List<(long, long)> { (0, 1) };
        var stream = SourceFiles.OpenRead(file, 1);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[1 << 20];
            long offset = 0;
            long records = 0;
            long partStart = 0;
            var inQuotes = false;
            var fieldStart = true;
            long closedQuoteAt = -2;
            var lineHasContent = false;
            var headerSeen = !csv;
            int read;
            var first = true;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var span = buffer.AsSpan(0, read);
                var pos = 0;
                if (pendingCr && span[0] != (byte)'\n')
                {
                    return PartCuts.Unsplittable;
                }

                pendingCr = false;
                if (first)
                {
                    first = false;
                    if (span.StartsWith(JsonLinesRecordSource.Utf8Bom))
                    {
                        pos = JsonLinesRecordSource.Utf8Bom.Length;
                    }
                }

                while (pos < span.Length)
                {
                    var rest = span[pos..];
                    var hit = csv ? rest.IndexOfAny(stops) : rest.IndexOf((byte)'\n');
                    var segment = hit < 0 ? rest : rest[..hit];
                    if (!segment.IsEmpty)
                    {
                        if (!lineHasContent && HasContent(segment, csv))
                        {
                            lineHasContent = true;
                        }

                        if (segment.IndexOfAnyExcept((byte)'\r') >= 0)
                        {
                            fieldStart = false;
                        }
                    }

                    if (hit < 0)
                    {
                        break;
                    }

                    var at = offset + pos + hit;
                    var c = rest[hit];
                    pos += hit + 1;
                    if (c == (byte)'"')
                    {
                        lineHasContent = true;
                        if (inQuotes)
                        {
                            inQuotes = false;
                            closedQuoteAt = at;
                        }
                        else if (fieldStart || closedQuoteAt == at - 1)
                        {
                            // Opening quote, or the second half of an escaped "" inside a quoted field.
                            inQuotes = true;
                        }

                        fieldStart = false;
                        continue;
                    }

                    if (c == (byte)'\r')
                    {
                        // Outside quotes the parser ends a record at a lone '\r' (one not followed by '\n'); such files
                        // are rare and are read in one part rather than taught to the cut search.
                        if (!inQuotes)
                        {
                            if (pos < span.Length)
                            {
                                if (span[pos] != (byte)'\n')
                                {
                                    return PartCuts.Unsplittable;
                                }
                            }
                            else
                            {
                                pendingCr = true;
                            }
                        }

                        continue;
                    }

                    if (inQuotes)
                    {
                        if (c == (byte)'\n')
                        {
                            // A quoted newline: line ranges would split records.
                            return PartCuts.Unsplittable;
                        }

                        continue;
                    }

                    fieldStart = true;
                    if (c != (byte)'\n')
                    {
                        lineHasContent = true;
                        continue;
                    }

                    if (lineHasContent)
                    {
                        if (headerSeen)
                        {
                            records++;
                        }

                        headerSeen = true;
                    }

                    lineHasContent = false;
                    var lineStart = at + 1;
                    if (lineStart - partStart >= target && lineStart < file.Length && headerSeen)
                    {
                        cuts.Add((lineStart, records + 1));
                        partStart = lineStart;
                    }
                }

                offset += read;
            }

            return inQuotes ? PartCuts.Unsplittable : new PartCuts(cuts, file.Length);
        }
    }

    private static bool HasContent(ReadOnlySpan<byte> segment, bool csv) =>
        csv ? segment.IndexOfAnyExcept((byte)'\r') >= 0 : segment.IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r') >= 0;
}
