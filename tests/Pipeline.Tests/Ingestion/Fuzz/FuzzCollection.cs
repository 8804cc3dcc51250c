namespace Kardiaflow.Pipeline.Tests.Ingestion.Fuzz;

/// <summary>The fuzzer and the memory-bound tests run alone: they measure time and allocations.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzCollection
{
    public const string Name = "Hostile input";
}
