using System.Globalization;
using Kardiaflow.EventHubs.Local;
using Microsoft.Extensions.Options;

// Serves a local Event Hubs endpoint on 127.0.0.1:<port> over <data folder> until killed; prints "ready" once listening.
if (args.Length != 2 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
{
    Console.Error.WriteLine("usage: Kardiaflow.EventHubs.EndpointProcess <port> <data folder>");
    return 2;
}

var options = new LocalEventHubsOptions { LocalPort = port, DataFolder = args[1] };
await using var endpoint = new LocalEventHubsEndpoint(Options.Create(options));
await endpoint.StartAsync(CancellationToken.None);
Console.WriteLine("ready");
await Task.Delay(Timeout.Infinite);
return 0;
