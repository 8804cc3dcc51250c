using Kardiaflow.Grains.Abstractions.Streaming;

namespace Kardiaflow.Grains.Streaming;

/// <summary>
/// In-memory watermark of streamed events per Bronze version (see <see cref="IArrivalsWatermarkGrain"/>). Pending entries
/// are those no Silver feed has consumed yet, so the lists stay as short as Silver's lag.
/// </summary>
/// <remarks>Concurrency: not reentrant; records and advances run one at a time.</remarks>
public sealed class ArrivalsWatermarkGrain : Grain, IArrivalsWatermarkGrain
{
    private readonly Dictionary<string, List<(long Version, DateTime Enqueued)>> _pending = new(StringComparer.Ordinal);
    private DateTime? _newestConsumed;

    public Task RecordAsync(string bronzeTable, long version, DateTime newestEnqueuedUtc)
    {
        if (!_pending.TryGetValue(bronzeTable, out var list))
        {
            list = [];
            _pending[bronzeTable] = list;
        }

        list.Add((version, newestEnqueuedUtc));
        return Task.CompletedTask;
    }

    public Task<DateTime?> AdvanceAsync(IReadOnlyDictionary<string, long> consumedVersions)
    {
        ArgumentNullException.ThrowIfNull(consumedVersions);
        foreach (var (table, consumed) in consumedVersions)
        {
            if (!_pending.TryGetValue(table, out var list))
            {
                continue;
            }

            foreach (var (_, enqueued) in list.Where(e => e.Version <= consumed))
            {
                if (_newestConsumed is null || enqueued > _newestConsumed)
                {
                    _newestConsumed = enqueued;
                }
            }

            list.RemoveAll(e => e.Version <= consumed);
        }

        return Task.FromResult(_newestConsumed);
    }
}
