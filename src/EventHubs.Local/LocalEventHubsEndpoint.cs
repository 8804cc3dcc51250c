using System.Globalization;
using System.Net.Sockets;
using Kardiaflow.EventHubs.Local.Amqp;
using Kardiaflow.EventHubs.Local.Diagnostics;
using Kardiaflow.EventHubs.Local.Storage;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kardiaflow.EventHubs.Local;

/// <summary>
/// An Event Hubs-compatible AMQP 1.0 endpoint on 127.0.0.1 that keeps events in local files. Clients connect with the
/// emulator form of a connection string (<see cref="GetConnectionString"/>); any key is accepted. Host it with
/// <see cref="LocalEventHubsServiceCollectionExtensions.AddLocalEventHubs(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{LocalEventHubsOptions})"/>
/// or create, <see cref="StartAsync"/> and dispose it directly.
/// </summary>
public sealed partial class LocalEventHubsEndpoint : IHostedService, IAsyncDisposable
{
    private readonly LocalEventHubsOptions _options;
    private readonly ILogger _logger;
    private static readonly TimeSpan StandbyPollInterval = TimeSpan.FromMilliseconds(500);
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private Dictionary<string, EventHub>? _hubs;
    private EventHubsRuntime? _runtime;
    private AmqpTransportListener? _listener;
    private int _port;
    private Task? _standby;
    private CancellationTokenSource? _standbyStop;

    public LocalEventHubsEndpoint(IOptions<LocalEventHubsOptions> options, ILogger<LocalEventHubsEndpoint>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The bound port; the configured one, or the one the system chose when 0 was configured. 0 before start.</summary>
    public int Port => Volatile.Read(ref _port);

    /// <summary>The hub clients get when they name none.</summary>
    public string Hub => _options.Hub;

    /// <summary>
    /// <c>Endpoint=sb://127.0.0.1:&lt;port&gt;;SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true;EntityPath=&lt;hub&gt;</c>
    /// for <paramref name="hub"/> (default: <see cref="Hub"/>); <c>EntityPath</c> is left out when <paramref name="includeEntityPath"/> is false.
    /// </summary>
    public string GetConnectionString(string? hub = null, bool includeEntityPath = true)
    {
        var port = Port;
        if (port == 0)
        {
            throw new InvalidOperationException("The local Event Hubs endpoint is not started; its port is not known yet.");
        }

        var connectionString = string.Create(CultureInfo.InvariantCulture, $"Endpoint=sb://127.0.0.1:{port};SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true");
        return includeEntityPath ? $"{connectionString};EntityPath={hub ?? Hub}" : connectionString;
    }

    /// <summary>
    /// Opens the hubs and listens. When another endpoint serves the data folder, fails, or with
    /// <see cref="LocalEventHubsOptions.StandbyWhenInUse"/> returns at once and takes over when that endpoint goes.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_listener is not null || _standby is not null)
            {
                return;
            }

            try
            {
                await OpenAndListenAsync().ConfigureAwait(false);
            }
            catch (DataFolderInUseException ex) when (_options.StandbyWhenInUse)
            {
                LogStandingBy(_logger, ex.Message);
                _standbyStop = new CancellationTokenSource();
                _standby = Task.Run(() => StandByAsync(_standbyStop.Token), CancellationToken.None);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    // Polls for the folder lock, which the serving endpoint releases when it stops or its process dies.
    private async Task StandByAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(StandbyPollInterval, cancellationToken).ConfigureAwait(false);
                await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await OpenAndListenAsync().ConfigureAwait(false);
                LogTookOver(_logger, Port);
                return;
            }
            catch (DataFolderInUseException)
            {
                // Still served elsewhere.
            }
            catch (IOException ex)
            {
                // The folder is free but the port is not yet (or is taken by something else): keep trying.
                LogTakeOverFailed(_logger, ex.Message);
            }
            catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or UnauthorizedAccessException)
            {
                // The folder cannot be served as configured (another partition count, say): retrying will not help.
                LogStandbyGaveUp(_logger, ex, _options.DataFolder);
                return;
            }
            finally
            {
                _lifecycle.Release();
            }
        }
    }

    private async Task OpenAndListenAsync()
    {
        Directory.CreateDirectory(_options.DataFolder);
        var hubs = new Dictionary<string, EventHub>(StringComparer.Ordinal);
        try
        {
            foreach (var name in _options.AllHubs())
            {
                hubs[name] = EventHub.Open(_options.DataFolder, name, _options.PartitionCount, _logger);
            }

            var runtime = new EventHubsRuntime(hubs, _options.MaxMessageSizeBytes, _logger);
            var (listener, port) = Listen(runtime);
            _hubs = hubs;
            _runtime = runtime;
            _listener = listener;
            Volatile.Write(ref _port, port);
        }
        catch
        {
            foreach (var hub in hubs.Values)
            {
                await hub.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        LogStarted(_logger, Port, string.Join(", ", _options.AllHubs()), _options.PartitionCount, _options.DataFolder);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_standby is { } standby)
        {
            await _standbyStop!.CancelAsync().ConfigureAwait(false);
            await standby.ConfigureAwait(false);
            _standbyStop.Dispose();
            _standbyStop = null;
            _standby = null;
        }

        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_listener is null)
            {
                return;
            }

            _listener.Close();
            _runtime!.CloseConnections();
            foreach (var hub in _hubs!.Values)
            {
                await hub.DisposeAsync().ConfigureAwait(false);
            }

            _listener = null;
            _runtime = null;
            _hubs = null;
            Volatile.Write(ref _port, 0);
            LogStopped(_logger);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the endpoint. Safe to call more than once: a host disposes it both as itself and as a hosted service.</summary>
    public async ValueTask DisposeAsync() =>
        await StopAsync(CancellationToken.None).ConfigureAwait(false); // _lifecycle never allocates a wait handle: nothing to dispose.

    private (AmqpTransportListener Listener, int Port) Listen(EventHubsRuntime runtime)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = _options.LocalPort == 0 ? LoopbackPort.FindFree() : _options.LocalPort;

            // An IP literal makes the library bind exactly that address: loopback only.
            var tcp = new TcpTransportSettings { Host = "127.0.0.1", Port = port };
            var listener = new AmqpTransportListener([new TcpTransportListener(tcp)], CreateSettings(runtime));
            try
            {
                listener.Listen((_, args) => OnTransportAccepted(runtime, listener, args));
                return (listener, port);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && _options.LocalPort == 0 && attempt < 5)
            {
                listener.Abort();
            }
            catch (SocketException ex)
            {
                listener.Abort();
                throw new IOException($"The local Event Hubs endpoint cannot listen on 127.0.0.1:{port}: {ex.Message}", ex);
            }
        }
    }

    private static AmqpSettings CreateSettings(EventHubsRuntime runtime)
    {
        // Clients choose: .NET offers MSSBCBS (tokens follow on $cbs), other SDKs ANONYMOUS or PLAIN. Any credential is
        // accepted because only this machine can connect.
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(new AmqpVersion(1, 0, 0));
        sasl.AddHandler(new SaslAnonymousHandler("MSSBCBS"));
        sasl.AddHandler(new SaslAnonymousHandler());
        sasl.AddHandler(new SaslPlainHandler(new AnyPlainCredential()));
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(new AmqpVersion(1, 0, 0));
        var settings = new AmqpSettings { RuntimeProvider = runtime };
        settings.TransportProviders.Add(sasl);
        settings.TransportProviders.Add(amqp);
        return settings;
    }

    private void OnTransportAccepted(EventHubsRuntime runtime, AmqpTransportListener listener, TransportAsyncCallbackArgs args)
    {
        var connectionSettings = new AmqpConnectionSettings
        {
            ContainerId = "kardiaflow-local-eventhubs",
            MaxFrameSize = 64 * 1024,
            IdleTimeOut = 4 * 60 * 1000,
        };
        AmqpConnection? connection = null;
        try
        {
            connection = runtime.CreateConnection(args.Transport, (ProtocolHeader)args.UserToken, false, listener.AmqpSettings, connectionSettings);
            connection.BeginOpen(AmqpConstants.DefaultTimeout, OnConnectionOpened, connection);
        }
        catch (Exception ex) when (ex is AmqpException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            LogConnectionFailed(_logger, ex.Message);
            if (connection is null)
            {
                args.Transport.Abort();
            }
            else
            {
                connection.SafeClose(ex);
            }
        }
    }

    private void OnConnectionOpened(IAsyncResult result)
    {
        var connection = (AmqpConnection)result.AsyncState!;
        try
        {
            connection.EndOpen(result);
        }
        catch (Exception ex) when (ex is AmqpException or IOException or TimeoutException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            LogConnectionFailed(_logger, ex.Message);
            connection.SafeClose(ex);
        }
    }

    [LoggerMessage(EventId = LocalEventHubsEventIds.Started, Level = LogLevel.Information, Message = "Local Event Hubs endpoint on 127.0.0.1:{Port}: hubs {Hubs}, {PartitionCount} partitions each, data in {DataFolder}")]
    private static partial void LogStarted(ILogger logger, int port, string hubs, int partitionCount, string dataFolder);

    [LoggerMessage(EventId = LocalEventHubsEventIds.Stopped, Level = LogLevel.Information, Message = "Local Event Hubs endpoint stopped")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(EventId = LocalEventHubsEventIds.StandingBy, Level = LogLevel.Information, Message = "Local Event Hubs endpoint standing by: {Reason}")]
    private static partial void LogStandingBy(ILogger logger, string reason);

    [LoggerMessage(EventId = LocalEventHubsEventIds.TookOver, Level = LogLevel.Information, Message = "Local Event Hubs endpoint took over on 127.0.0.1:{Port}")]
    private static partial void LogTookOver(ILogger logger, int port);

    [LoggerMessage(EventId = LocalEventHubsEventIds.TakeOverFailed, Level = LogLevel.Warning, Message = "Local Event Hubs endpoint could not take over yet: {Reason}")]
    private static partial void LogTakeOverFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = LocalEventHubsEventIds.StandbyGaveUp, Level = LogLevel.Error, Message = "Local Event Hubs endpoint stops standing by: {DataFolder} cannot be served as configured")]
    private static partial void LogStandbyGaveUp(ILogger logger, Exception exception, string dataFolder);

    [LoggerMessage(EventId = LocalEventHubsEventIds.ConnectionFailed, Level = LogLevel.Debug, Message = "An AMQP connection could not be opened: {Reason}")]
    private static partial void LogConnectionFailed(ILogger logger, string reason);
}
