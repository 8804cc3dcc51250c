using System.Buffers.Binary;
using System.IO.Hashing;
using System.Threading.Channels;
using Kardiaflow.EventHubs.Local.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Kardiaflow.EventHubs.Local.Storage;

/// <summary>
/// One partition's events in one append-only file. A record is
/// <c>[int32 length][uint32 crc32][int64 sequence number][int64 enqueued unix ms][length bytes: the AMQP message]</c>,
/// little-endian; the CRC covers everything after itself. An event's offset is its record's position in the file, so
/// offsets and sequence numbers are the same after a restart.
/// </summary>
/// <remarks>
/// Concurrency: one writer loop owns the file's end. Producers queue append requests; the loop writes every queued
/// request in one write, fsyncs once (group commit), then publishes the new records to the index and completes the
/// requests, so a producer's send is accepted only after its events are on disk. Readers never touch the writer's
/// handle: they read committed records by position through their own handle (pread), and take index snapshots under
/// <see cref="_indexGate"/>. A record torn by a crash is cut off at open; it was never accepted.
/// </remarks>
internal sealed partial class PartitionLog : IAsyncDisposable
{
    private const int RecordHeaderSize = 24;
    private const int MaxWriteBytes = 8 * 1024 * 1024;
    private static readonly byte[] EmptyHeader = new byte[RecordHeaderSize];

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly FileStream _writer;
    private readonly SafeFileHandle _reader;
    private readonly Channel<AppendRequest> _requests = Channel.CreateUnbounded<AppendRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writerLoop;
    private readonly object _indexGate = new();
    private readonly List<AsyncSignal> _subscribers = [];
    private long[] _offsets;
    private long[] _timesMs;
    private int _count;
    private long _end;
    private Exception? _fault;

    private PartitionLog(string path, ILogger logger, long[] offsets, long[] timesMs, int count, long end)
    {
        _path = path;
        _logger = logger;
        _offsets = offsets;
        _timesMs = timesMs;
        _count = count;
        _end = end;
        _writer = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _writer.SetLength(end);
        _writer.Position = end;
        _reader = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        _writerLoop = Task.Run(WriteLoopAsync);
    }

    public string PartitionId { get; private init; } = "";

    /// <summary>Opens (or creates) the log, reading every record back and cutting off a torn tail.</summary>
    public static PartitionLog Open(string path, string partitionId, ILogger logger)
    {
        var offsets = new long[1024];
        var timesMs = new long[1024];
        var count = 0;
        long position = 0;
        using (var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1 << 16))
        {
            var length = file.Length;
            Span<byte> header = stackalloc byte[RecordHeaderSize];
            byte[] body = [];
            while (position + RecordHeaderSize <= length)
            {
                file.Position = position;
                file.ReadExactly(header);
                var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(header);
                var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
                var sequence = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
                var timeMs = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
                if (bodyLength < 0 || position + RecordHeaderSize + bodyLength > length || sequence != count)
                {
                    break;
                }

                if (body.Length < bodyLength)
                {
                    body = new byte[Math.Max(bodyLength, body.Length * 2)];
                }

                file.ReadExactly(body.AsSpan(0, bodyLength));
                var hash = new Crc32();
                hash.Append(header[8..]);
                hash.Append(body.AsSpan(0, bodyLength));
                if (hash.GetCurrentHashAsUInt32() != crc)
                {
                    break;
                }

                Add(ref offsets, ref timesMs, count, position, timeMs);
                count++;
                position += RecordHeaderSize + bodyLength;
            }

            if (position < length)
            {
                LogTornTail(logger, path, length - position, position);
            }
        }

        return new PartitionLog(path, logger, offsets, timesMs, count, position) { PartitionId = partitionId };
    }

    /// <summary>Number of events; also the next sequence number.</summary>
    public long Count
    {
        get
        {
            lock (_indexGate)
            {
                return _count;
            }
        }
    }

    public PartitionInfo GetInfo()
    {
        lock (_indexGate)
        {
            return _count == 0
                ? new PartitionInfo(0, -1, -1, DateTime.UnixEpoch, IsEmpty: true)
                : new PartitionInfo(0, _count - 1, _offsets[_count - 1], DateTime.UnixEpoch.AddMilliseconds(_timesMs[_count - 1]), IsEmpty: false);
        }
    }

    /// <summary>Sequence number of the first event whose offset is above (or, inclusive, at) <paramref name="offset"/>.</summary>
    public long FirstSequenceAfterOffset(long offset, bool inclusive)
    {
        lock (_indexGate)
        {
            return LowerBound(_offsets, _count, inclusive ? offset : offset + 1);
        }
    }

    /// <summary>Sequence number of the first event enqueued strictly after <paramref name="unixMs"/>.</summary>
    public long FirstSequenceAfterTime(long unixMs)
    {
        lock (_indexGate)
        {
            return LowerBound(_timesMs, _count, unixMs + 1);
        }
    }

    /// <summary>Wakes <paramref name="signal"/> after every append until <see cref="Unsubscribe"/>.</summary>
    public void Subscribe(AsyncSignal signal)
    {
        lock (_subscribers)
        {
            _subscribers.Add(signal);
        }
    }

    public void Unsubscribe(AsyncSignal signal)
    {
        lock (_subscribers)
        {
            _subscribers.Remove(signal);
        }
    }

    /// <summary>Appends the events of one accepted message together; completes with the first sequence number once they are on disk.</summary>
    public Task<long> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> messages)
    {
        var request = new AppendRequest(messages, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_fault is { } fault)
        {
            return Task.FromException<long>(new IOException($"Partition log '{_path}' failed earlier and accepts no more events.", fault));
        }

        if (!_requests.Writer.TryWrite(request))
        {
            return Task.FromException<long>(new ObjectDisposedException(nameof(PartitionLog), $"Partition log '{_path}' is closed."));
        }

        return request.Completion.Task;
    }

    /// <summary>
    /// Reads up to <paramref name="maxCount"/> committed events from <paramref name="fromSequence"/> on, stopping past
    /// <paramref name="maxBytes"/> (always at least one event when there is one).
    /// </summary>
    public async ValueTask<IReadOnlyList<StoredEvent>> ReadAsync(long fromSequence, int maxCount, int maxBytes, CancellationToken cancellationToken)
    {
        long start;
        long stop;
        int taken;
        long[] offsets;
        long[] times;
        lock (_indexGate)
        {
            if (fromSequence >= _count || maxCount <= 0)
            {
                return [];
            }

            var first = (int)fromSequence;
            start = _offsets[first];
            taken = 1;
            while (taken < maxCount && first + taken < _count && _offsets[first + taken] - start <= maxBytes)
            {
                taken++;
            }

            stop = first + taken < _count ? _offsets[first + taken] : _end;
            offsets = _offsets[first..(first + taken)];
            times = _timesMs[first..(first + taken)];
        }

        var buffer = new byte[stop - start];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await RandomAccess.ReadAsync(_reader, buffer.AsMemory(read), start + read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException($"Partition log '{_path}' ended at {start + read} inside committed records.");
            }

            read += n;
        }

        var events = new StoredEvent[taken];
        for (var i = 0; i < taken; i++)
        {
            var at = (int)(offsets[i] - start);
            var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(at));
            events[i] = new StoredEvent(
                fromSequence + i,
                offsets[i],
                DateTime.UnixEpoch.AddMilliseconds(times[i]),
                buffer.AsMemory(at + RecordHeaderSize, bodyLength));
        }

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _writerLoop.ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        _reader.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<AppendRequest>();
        var buffer = new MemoryStream();
        var newOffsets = new List<long>();
        long lastTimeMs;
        lock (_indexGate)
        {
            lastTimeMs = _count == 0 ? 0 : _timesMs[_count - 1];
        }

        while (await _requests.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            buffer.SetLength(0);
            newOffsets.Clear();
            while (buffer.Length < MaxWriteBytes && _requests.Reader.TryRead(out var request))
            {
                batch.Add(request);
                foreach (var message in request.Messages)
                {
                    buffer.Position = buffer.Length;
                    newOffsets.Add(_end + buffer.Length);
                    buffer.Write(EmptyHeader);
                    buffer.Write(message.Span);
                }
            }

            if (_fault is not null)
            {
                Fail(batch, _fault);
                continue;
            }

            // Enqueued times never go backwards inside a partition, so a time filter is a binary search.
            lastTimeMs = Math.Max(lastTimeMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var firstSequence = _count;
            var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            for (var i = 0; i < newOffsets.Count; i++)
            {
                var at = (int)(newOffsets[i] - _end);
                var recordEnd = i + 1 < newOffsets.Count ? (int)(newOffsets[i + 1] - _end) : bytes.Length;
                var record = bytes.Span[at..recordEnd];
                BinaryPrimitives.WriteInt32LittleEndian(record, recordEnd - at - RecordHeaderSize);
                BinaryPrimitives.WriteInt64LittleEndian(record[8..], firstSequence + i);
                BinaryPrimitives.WriteInt64LittleEndian(record[16..], lastTimeMs);
                BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Crc32.HashToUInt32(record[8..]));
            }

            try
            {
                await _writer.WriteAsync(bytes).ConfigureAwait(false);
                _writer.Flush(flushToDisk: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _fault = ex;
                LogWriteFailed(_logger, ex, _path);
                Fail(batch, ex);
                continue;
            }

            lock (_indexGate)
            {
                foreach (var offset in newOffsets)
                {
                    Add(ref _offsets, ref _timesMs, _count, offset, lastTimeMs);
                    _count++;
                }

                _end += bytes.Length;
            }

            var next = (long)firstSequence;
            foreach (var request in batch)
            {
                request.Completion.TrySetResult(next);
                next += request.Messages.Count;
            }

            lock (_subscribers)
            {
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Set();
                }
            }
        }
    }

    private static void Fail(List<AppendRequest> batch, Exception ex)
    {
        foreach (var request in batch)
        {
            request.Completion.TrySetException(new IOException("The events could not be written to the partition log.", ex));
        }
    }

    private static void Add(ref long[] offsets, ref long[] timesMs, int count, long offset, long timeMs)
    {
        if (count == offsets.Length)
        {
            Array.Resize(ref offsets, offsets.Length * 2);
            Array.Resize(ref timesMs, timesMs.Length * 2);
        }

        offsets[count] = offset;
        timesMs[count] = timeMs;
    }

    private static long LowerBound(long[] values, int count, long target)
    {
        var index = Array.BinarySearch(values, 0, count, target);
        if (index < 0)
        {
            return ~index;
        }

        // Equal enqueued times repeat; step back to the first of them.
        while (index > 0 && values[index - 1] == target)
        {
            index--;
        }

        return index;
    }

    [LoggerMessage(EventId = LocalEventHubsEventIds.TornTail, Level = LogLevel.Warning, Message = "Partition log {Path}: cut off a torn tail of {Bytes} bytes at {Position} (never accepted)")]
    private static partial void LogTornTail(ILogger logger, string path, long bytes, long position);

    [LoggerMessage(EventId = LocalEventHubsEventIds.WriteFailed, Level = LogLevel.Error, Message = "Partition log {Path}: write failed; the partition accepts no more events until restarted")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string path);

    private sealed record AppendRequest(IReadOnlyList<ReadOnlyMemory<byte>> Messages, TaskCompletionSource<long> Completion);
}
