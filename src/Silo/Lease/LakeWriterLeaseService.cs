namespace Kardiaflow.Silo.Lease;

/// <summary>
/// Holds the lake's writer lease for the life of the host: the lease taken before the host was built
/// (<see cref="LakeLeaseSlot"/>; a refused silo never builds, joins its cluster or touches the lake), renewed every third
/// of its duration, and left when the host stops (registered before Orleans, so after the silo has stopped). A renewal that finds another group holding the lake stops the host: this
/// process was cut off for longer than the lease and another writer has the lake now.
/// </summary>
public sealed partial class LakeWriterLeaseService(
    LakeLeaseSlot slot,
    IHostApplicationLifetime lifetime,
    ILogger<LakeWriterLeaseService> logger) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private LakeWriterLease? _lease;
    private Task? _renewals;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _lease = slot.Lease ?? throw new InvalidOperationException("The lake's writer lease must be taken (AcquireLakeLeaseAsync) before the host is built.");
        LogAcquired(logger, _lease.LakeName, _lease.Holder.Description);
        _renewals = RenewAsync(_lease, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_renewals is not null)
        {
            await _renewals;
        }

        if (_lease is not null)
        {
            try
            {
                await _lease.ReleaseAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or Azure.RequestFailedException)
            {
                // Not released: it expires by itself after its duration.
                LogReleaseFailed(logger, e);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task RenewAsync(LakeWriterLease lease, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(lease.RenewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await lease.RenewAsync(cancellationToken);
                }
                catch (LakeLeaseHeldException e)
                {
                    LogLost(logger, e.Message);
                    lifetime.StopApplication();
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Storage unavailable for a moment: two more renewals may fail before the lease expires.
                    LogRenewFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Holding the writer lease of the lake {Lake} as {Holder}")]
    private static partial void LogAcquired(ILogger logger, string lake, string holder);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Renewing the lake's writer lease failed; the next renewal tries again")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Critical, Message = "Lost the lake's writer lease, stopping: {Reason}")]
    private static partial void LogLost(ILogger logger, string reason);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Leaving the lake's writer lease failed; it expires by itself")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}
