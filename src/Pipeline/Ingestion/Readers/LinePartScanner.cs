namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// One vectorised pass over a line-oriented file finding safe cut points (line starts) and the number of
/// records before each. Counts records exactly as the readers do: CSV/TSV skip the header (first non-blank
/// line) and empty lines; JSONL skips whitespace-only lines. A CSV newline inside quotes makes the file
/// unsplittable (the returned list then has one entry).
/// </summary>
internal static class LinePartScanner
{
    public static async Task<PartCuts> ScanAsync(SourceFileInfo file, long target, bool csv, CancellationToken cancellationToken)
    {
        var cuts = new List<(long, long)> { (0, 1) };
        var stream = SourceFiles.OpenRead(file, 1);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[1 << 20];
            long offset = 0;
            long records = 0;
            long partStart = 0;
            var inQuotes = false;
            var lineHasContent = false;
            var headerSeen = !csv;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var span = buffer.AsSpan(0, read);
                var pos = 0;
                while (pos < span.Length)
                {
                    var rest = span[pos..];
                    var hit = csv ? rest.IndexOfAny((byte)'"', (byte)'\n') : rest.IndexOf((byte)'\n');
                    var segment = hit < 0 ? rest : rest[..hit];
                    if (!lineHasContent && HasContent(segment, csv))
                    {
                        lineHasContent = true;
                    }

                    if (hit < 0)
                    {
                        break;
                    }

                    pos += hit + 1;
                    if (rest[hit] == (byte)'"')
                    {
                        inQuotes = !inQuotes;
                        lineHasContent = true;
                        continue;
                    }

                    if (inQuotes)
                    {
                        // A quoted newline: line ranges would split records.
                        return PartCuts.Unsplittable;
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
                    var lineStart = offset + pos;
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
