namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>The last Bronze row of a provider within one commit.</summary>
[GenerateSerializer, Immutable]
public sealed record ProviderRow(
    [property: Id(0)] string ProviderId,
    [property: Id(1)] string? Specialty,
    [property: Id(2)] string? Location,
    [property: Id(3)] DateTime IngestTs,
    [property: Id(4)] string? BatchId,
    [property: Id(5)] string SourceFile,
    [property: Id(6)] long CommitVersion,
    [property: Id(7)] long SourceRow);
