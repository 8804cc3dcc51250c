using System.Buffers.Binary;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// A Parquet file as Parquet.Net is shown it: the same bytes, with <see cref="Padding"/> zero bytes between the footer and
/// the footer's length, and that length grown to match. Parquet.Net 6.1 parses the footer from an in-memory copy whose
/// reads past the end return -1, which its Thrift varint reader takes for a byte with the continuation bit set, and loops
/// forever: a footer damaged in its last bytes hung the reader (input fuzzer). Read after the real footer, zeros end every
/// varint, struct (field stop) and list (size 0), so a damaged footer fails or parses instead. Data pages lie before the
/// footer and keep their offsets.
/// </summary>
internal sealed class FooterPaddedStream : Stream
{
    public const int Padding = 64 * 1024;
    private readonly Stream _inner;
    private readonly long _innerLength;
    private readonly byte[] _tail = new byte[8];
    private long _position;

    private FooterPaddedStream(Stream inner, long innerLength, int footerLength)
    {
        _inner = inner;
        _innerLength = innerLength;
        BinaryPrimitives.WriteInt32LittleEndian(_tail, footerLength + Padding);
        "PAR1"u8.CopyTo(_tail.AsSpan(4));
    }

    /// <summary>
    /// The padded view of <paramref name="file"/>, or the file itself when it has no footer length to grow;
    /// <see cref="InvalidDataException"/> when the footer is not well-formed Thrift (<see cref="ThriftFooterCheck"/>).
    /// </summary>
    public static Stream Wrap(Stream file)
    {
        var length = file.Length;
        if (length < 12)
        {
            return file;
        }

        Span<byte> tail = stackalloc byte[8];
        file.Position = length - 8;
        file.ReadExactly(tail);
        file.Position = 0;
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (!tail[4..].SequenceEqual("PAR1"u8) || footerLength <= 0 || footerLength > length - 12)
        {
            return file; // Parquet.Net refuses these itself
        }

        var footer = new byte[footerLength];
        file.Position = length - 8 - footerLength;
        file.ReadExactly(footer);
        file.Position = 0;
        if (!ThriftFooterCheck.IsWellFormed(footer))
        {
            throw new InvalidDataException("The Parquet footer is not well-formed Thrift.");
        }

        return new FooterPaddedStream(file, length, footerLength);
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _innerLength + Padding;

    public override long Position
    {
        get => _position;
        set => _position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var footerEnd = _innerLength - 8;
        var total = 0;
        while (!buffer.IsEmpty && _position < Length)
        {
            int n;
            if (_position < footerEnd)
            {
                _inner.Position = _position;
                n = _inner.Read(buffer[..(int)Math.Min(buffer.Length, footerEnd - _position)]);
                if (n == 0)
                {
                    break;
                }
            }
            else if (_position < footerEnd + Padding)
            {
                n = (int)Math.Min(buffer.Length, footerEnd + Padding - _position);
                buffer[..n].Clear();
            }
            else
            {
                var at = (int)(_position - footerEnd - Padding);
                n = Math.Min(buffer.Length, 8 - at);
                _tail.AsSpan(at, n).CopyTo(buffer);
            }

            _position += n;
            total += n;
            buffer = buffer[n..];
        }

        return total;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
