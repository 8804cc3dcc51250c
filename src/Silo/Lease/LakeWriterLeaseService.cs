using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Kardiaflow.Silo.Lease;

/// <summary>
/// Holds the lake's writer lease for the life of the host: takes it when the host starts (registered before Orleans, so a
/// refused silo never joins its cluster or touches the lake), renews it every third of its duration, and leaves it when
/// the host stops (after Orleans has stopped). A command that took the lease before building its silo (<c>rebuild</c>
/// deletes tables first) hands it over instead. A renewal that finds another group holding the lake stops the host: this
/// process was cut off for longer than the lease and another writer has the lake now.
/// </summary>
public sealed partial class LakeWriterLeaseService(
    IServiceProvider services,
    LeaseHolder holder,
    IOptions<LakeOptions> lake,
    IOptions<ProfileOptions> profile,
    IHostApplicationLifetime lifetime,
    ILogger<LakeWriterLeaseService> logger,
    LakeWriterLease? acquired = null) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private LakeWriterLease? _lease = acquired;
    private Task? _renewals;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _lease ??= await LakeWriterLease.AcquireAsync(
            services.GetRequiredService<ILakeStorage>(), holder, lake.Value.WriterLease, sameHostLiveness: !profile.Value.IsAzure, cancellationToken);
        LogAcquired(logger, _lease.LakeName, holder.Description);
        _renewals = RenewAsync(_lease, _stopping.Token);
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
