namespace Kardiaflow.Grains.Abstractions.Streaming;

/// <summary>What one micro-batch did: events new to Bronze or quarantine, and events dropped as already committed.</summary>
[GenerateSerializer, Immutable]
public sealed record ArrivalBatchResult(
    [property: Id(0)] int BronzeRows,
    [property: Id(1)] int Quarantined,
    [property: Id(2)] int Redelivered);
