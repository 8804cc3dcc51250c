using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// JSON Lines: one JSON object per line. Lines are cut at '\n' here (a JSON text cannot contain a raw newline,
/// so a newline is always a record boundary); each line is parsed by System.Text.Json in <see cref="JsonLineParser"/>.
/// Whitespace-only lines are not records.
/// </summary>
internal sealed class JsonLinesRecordSource : IRecordSource
{
    private const int InitialBuffer = 64 * 1024;
    private readonly SourceFileInfo _file;
    private readonly FilePart _part;
    private readonly RawReaderOptions _options;
    private readonly Stream _stream;

    public JsonLinesRecordSource(SourceFileInfo file, FilePart part, RawReaderOptions options)
    {
        _file = file;
        _part = part;
        _options = options;
        Stream stream = SourceFiles.OpenRead(file);
        _stream = part.IsWholeFile ? stream : new RangeStream(stream, part.Start, part.End);
    }

    public async IAsyncEnumerable<RecordBatch> ReadAsync(RowBuilder builder, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parser = new JsonLineParser(builder);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            var row = _part.FirstRow - 1;
            var start = 0;
            var end = 0;
            var eof = false;
            var atFileStart = _part.IsWholeFile || _part.Start == 0;
            long oversizedRow = -1;
            var scanFrom = 0;
            while (true)
            {
                var newline = buffer.AsSpan(scanFrom, end - scanFrom).IndexOf((byte)'\n');
                if (newline < 0 && !eof)
                {
                    if (start > 0)
                    {
                        // Slide the unfinished line to the front before reading more.
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }

                    if (end == buffer.Length)
                    {
                        if (buffer.Length >= _options.MaxJsonLineBytes)
                        {
                            // Over the limit: keep the first bytes for the quarantine row, drop the rest of the line.
                            if (oversizedRow < 0)
                            {
                                oversizedRow = ++row;
                                builder.Quarantine(row, $"The line is longer than the {_options.MaxJsonLineBytes} byte limit.", buffer.AsSpan(0, Math.Min(end, 64 * 1024)));
                            }

                            end = 0;
                        }
                        else
                        {
                            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, _options.MaxJsonLineBytes));
                            Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = bigger;
                        }
                    }

                    scanFrom = end;
                    var read = await _stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                    eof = read == 0;
                    end += read;
                    continue;
                }

                var lineEnd = newline < 0 ? end : scanFrom + newline;
                var line = buffer.AsSpan(start, lineEnd - start);
                if (atFileStart)
                {
                    atFileStart = false;
                    if (line.StartsWith(Utf8Bom))
                    {
                        line = line[Utf8Bom.Length..];
                    }
                }

                if (oversizedRow >= 0)
                {
                    oversizedRow = -1;
                }
                else if (!IsBlank(line))
                {
                    row++;
                    parser.Process(line, row);
                }

                if (newline < 0)
                {
                    break;
                }

                start = lineEnd + 1;
                scanFrom = start;
                if (builder.IsFull)
                {
                    yield return builder.TakeBatch();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (builder.HasPending)
        {
            yield return builder.TakeBatch();
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    internal static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Whitespace-only lines (including a lone '\r') are not records; the planner counts the same way.</summary>
    internal static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r') < 0;

    internal static bool IsValidUtf8(ReadOnlySpan<byte> line) => Utf8.IsValid(line);

    internal string RelativePath => _file.RelativePath;
}
