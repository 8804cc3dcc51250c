using Microsoft.Win32.SafeHandles;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// Walks an Avro object container file's block headers (count, size, sync marker) without decoding data, to
/// cut it at block boundaries. Apache.Avro offers no public block index, hence this small walker (see
/// docs/adr/avro-block-scanner.md). Any inconsistency makes the file unsplittable: the single-part reader
/// then reports the problem with the library's own error.
/// </summary>
internal static class AvroBlockScanner
{
    private const int SyncSize = 16;

    public static async Task<PartCuts> ScanAsync(SourceFileInfo file, long target, CancellationToken cancellationToken)
    {
        var blocks = await ScanBlocksAsync(file, cancellationToken).ConfigureAwait(false);
        if (blocks is null || blocks.Count == 0)
        {
            return PartCuts.Unsplittable;
        }

        // The first part starts at the header (0), so a reader of part 0 needs no seek.
        var cuts = new List<(long, long)> { (0, 1) };
        var partStart = blocks[0].Start;
        long records = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (i > 0 && blocks[i].Start - partStart >= target)
            {
                cuts.Add((blocks[i].Start, records + 1));
                partStart = blocks[i].Start;
            }

            records += blocks[i].Count;
        }

        return new PartCuts(cuts, file.Length);
    }

    /// <summary>Every block's start offset and record count; null when the file's framing is broken (e.g. truncated).</summary>
    public static async Task<List<(long Start, long Count)>?> ScanBlocksAsync(SourceFileInfo file, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var length = RandomAccess.GetLength(handle);
        var header = await ReadHeaderAsync(handle, length, cancellationToken).ConfigureAwait(false);
        if (header is not { } h)
        {
            return null;
        }

        var blocks = new List<(long, long)>();
        var probe = new byte[SyncSize + 20];
        var position = h.End;
        while (position < length)
        {
            var n = await RandomAccess.ReadAsync(handle, probe.AsMemory(0, (int)Math.Min(20, length - position)), position, cancellationToken).ConfigureAwait(false);
            var offset = 0;
            if (!TryReadLong(probe.AsSpan(0, n), ref offset, out var count) || !TryReadLong(probe.AsSpan(0, n), ref offset, out var size) || count < 0 || size < 0)
            {
                return null;
            }

            var syncAt = position + offset + size;
            if (syncAt + SyncSize > length)
            {
                return null;
            }

            n = await RandomAccess.ReadAsync(handle, probe.AsMemory(0, SyncSize), syncAt, cancellationToken).ConfigureAwait(false);
            if (n != SyncSize || !probe.AsSpan(0, SyncSize).SequenceEqual(h.Sync))
            {
                return null;
            }

            blocks.Add((position, count));
            position = syncAt + SyncSize;
        }

        return blocks;
    }

    private static async Task<(long End, byte[] Sync)?> ReadHeaderAsync(SafeFileHandle handle, long length, CancellationToken cancellationToken)
    {
        for (var size = 64 * 1024; ; size *= 4)
        {
            var buffer = new byte[(int)Math.Min(size, length)];
            var n = await RandomAccess.ReadAsync(handle, buffer, 0, cancellationToken).ConfigureAwait(false);
            var parsed = ParseHeader(buffer.AsSpan(0, n));
            if (parsed is not null || n >= length || size > 64 * 1024 * 1024)
            {
                return parsed;
            }
        }
    }

    private static (long End, byte[] Sync)? ParseHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != (byte)'O' || data[1] != (byte)'b' || data[2] != (byte)'j' || data[3] != 1)
        {
            return null;
        }

        var offset = 4;
        while (true)
        {
            if (!TryReadLong(data, ref offset, out var count))
            {
                return null;
            }

            if (count == 0)
            {
                break;
            }

            if (count < 0)
            {
                count = -count;
                if (!TryReadLong(data, ref offset, out _))
                {
                    return null;
                }
            }

            for (var i = 0; i < count * 2; i++)
            {
                if (!TryReadLong(data, ref offset, out var len) || len < 0 || offset + len > data.Length)
                {
                    return null;
                }

                offset += (int)len;
            }
        }

        if (offset + SyncSize > data.Length)
        {
            return null;
        }

        return (offset + SyncSize, data.Slice(offset, SyncSize).ToArray());
    }

    /// <summary>Avro's zig-zag variable-length long.</summary>
    private static bool TryReadLong(ReadOnlySpan<byte> data, ref int offset, out long value)
    {
        ulong raw = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (offset >= data.Length)
            {
                value = 0;
                return false;
            }

            var b = data[offset++];
            raw |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                value = (long)(raw >> 1) ^ -(long)(raw & 1);
                return true;
            }
        }

        value = 0;
        return false;
    }
}
