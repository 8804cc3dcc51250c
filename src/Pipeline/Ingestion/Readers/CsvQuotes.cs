namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// The quoting rules the CSV/TSV reader applies, in one place: Sylvan's lax style (a quote opens a quoted field only at a
/// field start, <c>""</c> inside quotes is a quote, a line break inside quotes is data, any of '\n', '\r\n' and a lone
/// '\r' ends a record outside quotes). <see cref="Check"/> judges one record; <see cref="RecordEnd"/> finds where a
/// record ends in a stream of chunks, exactly where the parser would, so an oversized record can be skipped without
/// holding it.
/// </summary>
internal static class CsvQuotes
{
    public enum Problem
    {
        None,

        /// <summary>A quoted field is closed and then followed by more text in the same field.</summary>
        TextAfterClosingQuote,

        /// <summary>A quoted field is never closed: by the rules the record runs to the end of the file.</summary>
        NeverClosed,
    }

    /// <summary>The quoting problem of one raw record (its line end included or not), or <see cref="Problem.None"/>.</summary>
    public static Problem Check(ReadOnlySpan<char> raw, char delimiter)
    {
        if (raw.IndexOf('"') < 0)
        {
            return Problem.None;
        }

        var fieldStart = true;
        var i = 0;
        while (i < raw.Length)
        {
            var c = raw[i];
            if (fieldStart && c == '"')
            {
                i++;
                var closed = false;
                while (i < raw.Length)
                {
                    if (raw[i] == '"')
                    {
                        if (i + 1 < raw.Length && raw[i + 1] == '"')
                        {
                            i += 2;
                            continue;
                        }

                        closed = true;
                        i++;
                        break;
                    }

                    i++;
                }

                if (!closed)
                {
                    return Problem.NeverClosed;
                }

                if (i < raw.Length && raw[i] != delimiter && raw[i] != '\r' && raw[i] != '\n')
                {
                    return Problem.TextAfterClosingQuote;
                }

                fieldStart = false;
                continue;
            }

            fieldStart = c == delimiter;
            i++;
        }

        return Problem.None;
    }

    /// <summary>Finds the end of one record across chunks of text.</summary>
    public sealed class RecordEnd(char delimiter)
    {
        private bool _fieldStart = true;
        private bool _quoted;
        private bool _quoteSeen;
        private bool _pendingCr;

        /// <summary>
        /// Feeds the next chunk. Returns how many of its chars belong to the record (its line end included) when the
        /// record ends in this chunk, else -1 (all of it belongs to the record).
        /// </summary>
        public int Feed(ReadOnlySpan<char> chunk)
        {
            for (var i = 0; i < chunk.Length; i++)
            {
                var c = chunk[i];
                if (_pendingCr)
                {
                    // A '\r' ended the record; a '\n' right after it belongs to the same line end.
                    return c == '\n' ? i + 1 : i;
                }

                if (_quoted)
                {
                    if (_quoteSeen)
                    {
                        _quoteSeen = false;
                        if (c == '"')
                        {
                            continue; // "" is an escaped quote
                        }

                        _quoted = false; // the quote closed the field; this char is read as outside quotes
                    }
                    else
                    {
                        _quoteSeen = c == '"';
                        continue;
                    }
                }

                if (c == '\n')
                {
                    return i + 1;
                }

                if (c == '\r')
                {
                    _pendingCr = true;
                    continue;
                }

                if (c == '"' && _fieldStart)
                {
                    _quoted = true;
                    _fieldStart = false;
                    continue;
                }

                _fieldStart = c == delimiter;
            }

            return -1;
        }
    }
}
