using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Kardiaflow.Client.Hosting;

/// <summary>
/// The console's connection retry: a few quick attempts within <see cref="Budget"/>, then the connection fails and the
/// console says no silo answers. Orleans' default filter retries 15 times with a linear backoff (1.5 s, 3 s, ... 22.5 s:
/// three minutes) before giving up, far too long for `status` or `submit` with no silo listening. A silo that is still
/// starting (its gateway not yet open, or not yet in the Azure membership table) is given the budget, no more.
/// </summary>
internal sealed class BoundedConnectionRetry(TimeSpan budget, TimeSpan delay) : IClientConnectionRetryFilter
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(500);

    private readonly DateTime _deadline = DateTime.UtcNow + budget;

    public BoundedConnectionRetry()
        : this(Budget, Delay)
    {
    }

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        // Only a connection that could not be made (or was turned away) is worth another try; anything else is a fault.
        if (exception is not (ConnectionFailedException or OrleansMessageRejectionException or SiloUnavailableException)
            || cancellationToken.IsCancellationRequested || DateTime.UtcNow + delay > _deadline)
        {
            return false;
        }

        await Task.Delay(delay, cancellationToken);
        return true;
    }
}
