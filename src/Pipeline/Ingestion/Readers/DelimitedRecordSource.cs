using System.Text;
using Kardiaflow.Pipeline.Datasets;
using Sylvan.Data.Csv;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// CSV/TSV through Sylvan (RFC 4180 quoting). The header is the file's first non-blank record; blank lines are
/// not records. A part other than the first re-reads the header from the file start.
/// </summary>
internal sealed class DelimitedRecordSource : IRecordSource
{
    private readonly SourceFileInfo _file;
    private readonly FilePart _part;
    private readonly char _delimiter;
    private readonly RawReaderOptions _options;
    private readonly DatasetDefinition _dataset;
    private CsvDataReader? _reader;
    private ColumnBinding? _binding;
    private int _headerCount;

    // Chars of the part's text taken by lines before the first data record (the header, when this part has it).
    private long _headerChars;

    private DelimitedRecordSource(SourceFileInfo file, DatasetDefinition dataset, FilePart part, char delimiter, RawReaderOptions options)
    {
        _file = file;
        _dataset = dataset;
        _part = part;
        _delimiter = delimiter;
        _options = options;
    }

    public static async Task<DelimitedRecordSource> OpenAsync(
        SourceFileInfo file, DatasetDefinition dataset, FilePart part, char delimiter, RawReaderOptions options, CancellationToken cancellationToken)
    {
        var source = new DelimitedRecordSource(file, dataset, part, delimiter, options);
        try
        {
            await source.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return source;
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async IAsyncEnumerable<RecordBatch> ReadAsync(RowBuilder builder, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = _reader;
        var binding = _binding!;
        var targets = binding.Targets;
        var names = binding.Names;
        var row = _part.FirstRow - 1;
        var consumedChars = _headerChars;
        while (true)
        {
            var more = false;
            var tooLarge = reader is null;
            if (!tooLarge)
            {
                try
                {
                    more = await reader!.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (CsvRecordTooLargeException)
                {
                    tooLarge = true;
                }
                catch (CsvFormatException)
                {
                    // Not expected in the lax style (quoting problems are judged per record below); kept so that a parser
                    // failure still ends as one quarantined record rather than a failed file.
                    row++;
                    var raw = await RecoverTailAsync(consumedChars, cancellationToken).ConfigureAwait(false);
                    builder.Quarantine(row, "Structurally broken record: the CSV parser could not read on from here, so the record runs to the end of the file.", raw);
                    break;
                }
            }

            if (tooLarge)
            {
                // As in JSONL, the record quarantines itself (its first 64 KiB kept) and the file goes on: the reader is
                // opened again just after the record, whose end is found by the parser's own quoting rules in bounded memory.
                var (raw, length) = await SkipRecordAsync(consumedChars, cancellationToken).ConfigureAwait(false);
                if (length == 0)
                {
                    break;
                }

                row++;
                builder.Quarantine(row, $"The record is longer than the {_options.MaxCsvRecordChars} character limit.", raw);
                consumedChars += length;
                if (reader is not null)
                {
                    await reader.DisposeAsync().ConfigureAwait(false);
                }

                reader = await CreateReaderAsync(cancellationToken, skipChars: consumedChars).ConfigureAwait(false);
                _reader = reader;
                if (builder.IsFull)
                {
                    yield return builder.TakeBatch();
                }

                continue;
            }

            if (!more)
            {
                break;
            }

            var rawRecord = reader!.GetRawRecordSpan();
            consumedChars += rawRecord.Length;
            var trimmed = rawRecord.TrimEnd("\r\n");
            if (trimmed.IsEmpty)
            {
                continue;
            }

            row++;
            var count = reader.RowFieldCount;
            var quoting = CsvQuotes.Check(trimmed, _delimiter);
            if (quoting == CsvQuotes.Problem.NeverClosed)
            {
                builder.Quarantine(row, "Structurally broken record: a quoted field is never closed, so the record runs to the end of the file.", trimmed);
            }
            else if (quoting == CsvQuotes.Problem.TextAfterClosingQuote)
            {
                builder.Quarantine(row, "Structurally broken record: a quoted field has text after its closing quote.", trimmed);
            }
            else if (count != _headerCount)
            {
                builder.Quarantine(row, $"Structurally broken record: expected {_headerCount} fields as in the header, found {count}.", trimmed);
            }
            else
            {
                builder.Begin(row);
                for (var i = 0; i < count; i++)
                {
                    var value = reader.GetFieldSpan(i);
                    var target = targets[i];
                    if (target >= 0)
                    {
                        builder.SetText(target, value);
                    }
                    else if (!value.IsEmpty)
                    {
                        builder.RescueText(names[i], value);
                    }
                }

                if (!builder.TryCommit())
                {
                    builder.Quarantine(row, builder.MissingKeyReason, trimmed);
                }
            }

            if (builder.IsFull)
            {
                yield return builder.TakeBatch();
            }
        }

        if (builder.HasPending)
        {
            yield return builder.TakeBatch();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_reader is not null)
        {
            await _reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var fromStart = _part.IsWholeFile || _part.Start == 0;
        _reader = await CreateReaderAsync(cancellationToken).ConfigureAwait(false);
        var header = fromStart ? _reader : await CreateReaderAsync(cancellationToken, wholeFile: true).ConfigureAwait(false);
        if (header is null)
        {
            throw new InputFileException(_file.RelativePath, InputFileErrorKind.RecordTooLarge, "the header line is too large.");
        }

        try
        {
            var names = await ReadHeaderAsync(header, cancellationToken).ConfigureAwait(false);
            _headerCount = names.Length;
            _binding = ColumnBinding.Bind(_dataset, names);
        }
        finally
        {
            if (!ReferenceEquals(header, _reader))
            {
                await header.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<string[]> ReadHeaderAsync(CsvDataReader reader, CancellationToken cancellationToken)
    {
        try
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var raw = reader.GetRawRecordSpan();
                if (ReferenceEquals(reader, _reader))
                {
                    _headerChars += raw.Length;
                }

                if (raw.TrimEnd("\r\n").IsEmpty)
                {
                    continue;
                }

                // Without a sound header no record can be bound: the file is refused rather than read as zero records.
                if (CsvQuotes.Check(raw, _delimiter) != CsvQuotes.Problem.None)
                {
                    throw new InputFileException(_file.RelativePath, InputFileErrorKind.Corrupt, "the header line has a quoted field that is never closed or has text after its closing quote.");
                }

                var names = new string[reader.RowFieldCount];
                for (var i = 0; i < names.Length; i++)
                {
                    names[i] = reader.GetString(i);
                }

                return names;
            }
        }
        catch (CsvRecordTooLargeException e)
        {
            throw new InputFileException(_file.RelativePath, InputFileErrorKind.RecordTooLarge, "the header line is too large.", null, e);
        }
        catch (CsvFormatException e)
        {
            throw new InputFileException(_file.RelativePath, InputFileErrorKind.Corrupt, "the header line has a quoted field that is never closed.", null, e);
        }

        // A zero-byte or blank file is a valid empty file: no header, no records.
        return [];
    }

    /// <summary>A parser over the part (or the whole file) from <paramref name="skipChars"/> on; null when its first record is over the limit.</summary>
    private async Task<CsvDataReader?> CreateReaderAsync(CancellationToken cancellationToken, bool wholeFile = false, long skipChars = 0)
    {
        var text = OpenText(wholeFile);
        if (!await SkipAsync(text, skipChars, cancellationToken).ConfigureAwait(false))
        {
            // Nothing after the skipped record: a reader over an empty rest.
            text.Dispose();
            text = new StreamReader(new MemoryStream([]));
        }

        var options = new CsvDataReaderOptions
        {
            HasHeaders = false,
            Delimiter = _delimiter,
            BufferSize = 64 * 1024,
            MaxBufferSize = _options.MaxCsvRecordChars,
            OwnsReader = true,

            // Lax: a quote problem is judged per record (CsvQuotes) instead of failing the parser, which could only give up
            // on the rest of the file. Lax also keeps one rule for line ends: the strict style's vectorised path reads a lone
            // '\r' as data where its scalar path ends the record at it, so record counts depended on buffer positions.
            CsvStyle = CsvStyle.Lax,
        };
        try
        {
            return await CsvDataReader.CreateAsync(text, options, cancellationToken).ConfigureAwait(false);
        }
        catch (CsvRecordTooLargeException)
        {
            // The parser reads the first record when it is created.
            text.Dispose();
            return null;
        }
    }

    private StreamReader OpenText(bool wholeFile = false)
    {
        Stream stream = SourceFiles.OpenRead(_file);
        if (!wholeFile && !_part.IsWholeFile)
        {
            stream = new RangeStream(stream, _part.Start, _part.End);
        }

        // Only the file's first bytes can be a byte order mark: a part that starts later reads "EF BB BF" as the
        // character U+FEFF, exactly as the whole-file read does at that place.
        return wholeFile || _part.IsWholeFile || _part.Start == 0
            ? new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024)
            : new StreamReader(stream, NoBom, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
    }

    private static readonly UTF8Encoding NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private static async Task<bool> SkipAsync(TextReader text, long chars, CancellationToken cancellationToken)
    {
        var skip = new char[64 * 1024];
        while (chars > 0)
        {
            var n = await text.ReadAsync(skip.AsMemory(0, (int)Math.Min(skip.Length, chars)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            chars -= n;
        }

        return true;
    }

    /// <summary>
    /// The record that starts <paramref name="start"/> characters into the part: its first 64 KiB (line ending trimmed)
    /// and its length up to and including the line break that ends it outside quotes (or the end of the part).
    /// </summary>
    private async Task<(string Raw, long Length)> SkipRecordAsync(long start, CancellationToken cancellationToken)
    {
        using var text = OpenText();
        await SkipAsync(text, start, cancellationToken).ConfigureAwait(false);
        var kept = new StringBuilder();
        var buffer = new char[64 * 1024];
        var scanner = new CsvQuotes.RecordEnd(_delimiter);
        long length = 0;
        while (true)
        {
            var n = await text.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            var end = scanner.Feed(buffer.AsSpan(0, n));
            var used = end >= 0 ? end : n;
            kept.Append(buffer, 0, (int)Math.Min(used, Math.Max(0, QuarantineColumns.MaxRawChars - kept.Length)));
            length += used;
            if (end >= 0)
            {
                break;
            }
        }

        return (kept.ToString().TrimEnd('\r', '\n'), length);
    }

    /// <summary>The raw text of a broken tail, re-read from where the last good record ended (first 64 KiB only).</summary>
    private async Task<string?> RecoverTailAsync(long consumedChars, CancellationToken cancellationToken)
    {
        using var text = OpenText();
        var skip = new char[64 * 1024];
        var remaining = consumedChars;
        while (remaining > 0)
        {
            var n = await text.ReadAsync(skip.AsMemory(0, (int)Math.Min(skip.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return null;
            }

            remaining -= n;
        }

        var buffer = new char[QuarantineColumns.MaxRawChars];
        var filled = await text.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
        return new string(buffer, 0, filled).TrimEnd('\r', '\n');
    }
}
