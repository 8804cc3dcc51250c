using Microsoft.Extensions.Options;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// The silo-wide limit on feed batches in progress (<see cref="SilverOptions.MaxConcurrentBatches"/>). A feed holds a
/// slot from reading a batch to its last refresh; nothing a batch calls (key buckets, enriched tables) takes a
/// slot, so holders never wait on each other.
/// </summary>
public sealed class SilverBatchGate(IOptions<SilverOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentBatches, options.Value.MaxConcurrentBatches);

    /// <summary>Waits for a slot; disposing the result frees it.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
