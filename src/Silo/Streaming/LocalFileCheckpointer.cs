using System.Text;
using Orleans.Streams;

namespace Kardiaflow.Silo.Streaming;

/// <summary>
/// One partition's checkpoint (the Event Hubs offset to resume after) in one file, replaced atomically: the new offset is
/// written to a temporary file, flushed to disk, and renamed over the old one, so a crash leaves the old or the new
/// checkpoint, never a torn one.
/// </summary>
/// <remarks>
/// The receiver calls <see cref="Update(string, DateTime, CancellationToken)"/> on its own schedule and never
/// concurrently with itself; a write runs in the background and at most one at a time. A checkpoint written late only
/// means more redelivery, which the arrivals grains drop by sequence number.
/// </remarks>
public sealed class LocalFileCheckpointer(string path, TimeSpan persistInterval, TimeProvider time) : IStreamQueueCheckpointer<string>
{
    private readonly Lock _gate = new();
    private string? _persisted;
    private string? _latest;
    private DateTime _lastWrite = DateTime.MinValue;
    private Task _writing = Task.CompletedTask;

    public bool CheckpointExists => _persisted is not null;

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<string> Load() => Load(CancellationToken.None);

    public async Task<string> Load(CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            var text = (await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken)).Trim();
            if (text.Length > 0)
            {
                _persisted = text;
                _latest = text;
            }
        }

        return _persisted ?? "";
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public void Update(string offset, DateTime utcNow) => Update(offset, utcNow, CancellationToken.None);

    public void Update(string offset, DateTime utcNow, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _latest = offset;
            if (!_writing.IsCompleted || time.GetUtcNow().UtcDateTime - _lastWrite < persistInterval)
            {
                return;
            }

            _lastWrite = time.GetUtcNow().UtcDateTime;
            _writing = WriteAsync(offset);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Task writing;
        lock (_gate)
        {
            writing = _writing;
        }

        await writing.WaitAsync(cancellationToken);
        string? latest;
        lock (_gate)
        {
            latest = _latest;
        }

        if (latest is not null && latest != _persisted)
        {
            await WriteAsync(latest).WaitAsync(cancellationToken);
        }
    }

    private async Task WriteAsync(string offset)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(offset));
            await stream.FlushAsync();
        }

        File.Move(temporary, path, overwrite: true);
        _persisted = offset;
    }
}
