using Microsoft.Extensions.Options;
using Orleans.Configuration.Overrides;
using Orleans.Streams;

namespace Kardiaflow.Silo.Streaming;

/// <summary>
/// Durable Event Hubs checkpoints for the Local profile: one small file per (service, provider, hub, consumer group,
/// partition) under the lake's <c>_orleans/</c> folder, so a restarted silo resumes where the cluster left off.
/// </summary>
public sealed class LocalFileCheckpointerFactory(string directory, TimeSpan persistInterval, TimeProvider time) : IStreamQueueCheckpointerFactory
{
    public static IStreamQueueCheckpointerFactory Create(IServiceProvider services, string providerName)
    {
        var options = services.GetRequiredService<IOptionsMonitor<LocalCheckpointerOptions>>().Get(providerName);
        var cluster = services.GetProviderClusterOptions(providerName).Value;
        var directory = Path.Combine(options.Directory, Safe(cluster.ServiceId), Safe(providerName), Safe(options.Hub), Safe(options.ConsumerGroup));
        return new LocalFileCheckpointerFactory(directory, options.PersistInterval, TimeProvider.System);
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IStreamQueueCheckpointer<string>> Create(string partition) => Create(partition, CancellationToken.None);

    public async Task<IStreamQueueCheckpointer<string>> Create(string partition, CancellationToken cancellationToken)
    {
        var checkpointer = new LocalFileCheckpointer(Path.Combine(directory, Safe(partition) + ".checkpoint"), persistInterval, time);
        await checkpointer.Load(cancellationToken);
        return checkpointer;
    }

    private static string Safe(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return string.Concat(name.Select(c => invalid.Contains(c) || c == '$' ? '_' : c));
    }
}
