namespace Kardiaflow.Grains.Hosting;

/// <summary>Names of the grain storage providers the grains use; the host registers them.</summary>
public static class GrainStorageNames
{
    /// <summary>Durable state of the Kardiaflow grains (jobs, registries).</summary>
    public const string Default = "kardiaflow";

    /// <summary>Orleans stream subscriptions (the memory streams' pub/sub).</summary>
    public const string PubSub = "PubSubStore";
}
