namespace Kardiaflow.Grains.Abstractions.Ingestion;

/// <summary>Rows read so far by one running file part.</summary>
[GenerateSerializer, Immutable]
public sealed record PartProgress(
    [property: Id(0)] string RelativePath,
    [property: Id(1)] int PartIndex,
    [property: Id(2)] long RowsRead);
