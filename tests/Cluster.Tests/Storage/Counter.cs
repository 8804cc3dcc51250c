namespace Kardiaflow.Cluster.Tests.Storage;

/// <summary>A grain state for the storage tests.</summary>
[GenerateSerializer]
public sealed class Counter
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public int Writer { get; set; } = -1;
}
