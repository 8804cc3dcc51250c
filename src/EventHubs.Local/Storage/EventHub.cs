using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.EventHubs.Local.Storage;

/// <summary>
/// One hub: its partitions' logs under <c>DataFolder/&lt;hub&gt;</c> and a <c>hub.properties</c> file that fixes its
/// creation time and partition count (a restart with another count is refused rather than re-routing keys). The hub
/// holds an exclusive lock on <c>hub.lock</c> while open: two endpoints appending to one log would corrupt it, so a
/// second endpoint (another silo process on the same machine, say) is refused with the folder named.
/// </summary>
internal sealed class EventHub : IAsyncDisposable
{
    private const string PropertiesFile = "hub.properties";
    private const string LockFile = "hub.lock";
    private readonly FileStream _lock;
    private readonly PartitionLog[] _partitions;
    private int _roundRobin = -1;

    private EventHub(string name, DateTime createdAtUtc, FileStream hubLock, PartitionLog[] partitions)
    {
        _lock = hubLock;
        Name = name;
        CreatedAtUtc = createdAtUtc;
        _partitions = partitions;
        PartitionIds = [.. partitions.Select(p => p.PartitionId)];
    }

    public string Name { get; }

    public DateTime CreatedAtUtc { get; }

    public IReadOnlyList<string> PartitionIds { get; }

    public static EventHub Open(string dataFolder, string name, int partitionCount, ILogger logger)
    {
        var folder = Path.Combine(dataFolder, name);
        Directory.CreateDirectory(folder);
        var hubLock = Lock(folder);
        try
        {
            return Open(folder, name, partitionCount, hubLock, logger);
        }
        catch
        {
            hubLock.Dispose();
            throw;
        }
    }

    private static EventHub Open(string folder, string name, int partitionCount, FileStream hubLock, ILogger logger)
    {
        var propertiesPath = Path.Combine(folder, PropertiesFile);
        DateTime createdAt;
        if (File.Exists(propertiesPath))
        {
            var properties = File.ReadAllLines(propertiesPath)
                .Select(line => line.Split('=', 2))
                .Where(parts => parts.Length == 2)
                .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal);
            if (!properties.TryGetValue("partition_count", out var countText)
                || !int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var existingCount)
                || !properties.TryGetValue("created_at", out var createdText)
                || !DateTime.TryParse(createdText, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out createdAt))
            {
                throw new InvalidDataException($"'{propertiesPath}' is not a hub properties file (partition_count, created_at).");
            }

            if (existingCount != partitionCount)
            {
                throw new InvalidOperationException(
                    $"Hub '{name}' in '{folder}' has {existingCount} partitions, but {partitionCount} are configured; a hub's partition count cannot change (keys would move).");
            }
        }
        else
        {
            createdAt = DateTime.UtcNow;
            var text = string.Create(CultureInfo.InvariantCulture, $"created_at={createdAt:O}\npartition_count={partitionCount}\n");
            var temporary = propertiesPath + ".tmp";
            File.WriteAllText(temporary, text, Encoding.UTF8);
            File.Move(temporary, propertiesPath, overwrite: true);
        }

        var partitions = new PartitionLog[partitionCount];
        for (var i = 0; i < partitionCount; i++)
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            partitions[i] = PartitionLog.Open(Path.Combine(folder, $"partition-{id}.log"), id, logger);
        }

        return new EventHub(name, createdAt, hubLock, partitions);
    }

    private static FileStream Lock(string folder)
    {
        try
        {
            // FileShare.None takes an exclusive flock on Unix: held by this process until disposed, released if it dies.
            return new FileStream(Path.Combine(folder, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new DataFolderInUseException(
                $"'{folder}' is in use by another local Event Hubs endpoint; only one endpoint may serve a data folder (give each its own, host one endpoint, or let the others stand by with StandbyWhenInUse).", ex);
        }
    }

    public bool TryGetPartition(string partitionId, out PartitionLog partition)
    {
        if (int.TryParse(partitionId, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index < _partitions.Length
            && string.Equals(_partitions[index].PartitionId, partitionId, StringComparison.Ordinal))
        {
            partition = _partitions[index];
            return true;
        }

        partition = null!;
        return false;
    }

    /// <summary>
    /// The partition for a message sent to the hub itself: by a stable hash of the partition key (the same key always
    /// lands in the same partition, across restarts), otherwise round-robin per message.
    /// </summary>
    public PartitionLog Route(string? partitionKey)
    {
        if (partitionKey is null)
        {
            var next = (uint)Interlocked.Increment(ref _roundRobin);
            return _partitions[next % (uint)_partitions.Length];
        }

        return _partitions[StableHash(partitionKey) % (uint)_partitions.Length];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var partition in _partitions)
        {
            await partition.DisposeAsync().ConfigureAwait(false);
        }

        await _lock.DisposeAsync().ConfigureAwait(false);
    }

    // FNV-1a over UTF-8: string.GetHashCode is randomised per process and would move keys on restart.
    private static uint StableHash(string key)
    {
        var hash = 2166136261u;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(key) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(key, buffer)] : Encoding.UTF8.GetBytes(key);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
