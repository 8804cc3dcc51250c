using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.EventHubs.Local.Storage;

/// <summary>
/// One hub: its partitions' logs under <c>DataFolder/&lt;hub&gt;</c> and a <c>hub.properties</c> file that fixes its
/// creation time and partition count (a restart with another count is refused rather than re-routing keys).
/// </summary>
internal sealed class EventHub : IAsyncDisposable
{
    private const string PropertiesFile = "hub.properties";
    private readonly PartitionLog[] _partitions;
    private int _roundRobin = -1;

    private EventHub(string name, DateTime createdAtUtc, PartitionLog[] partitions)
    {
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

        return new EventHub(name, createdAt, partitions);
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
