namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>A file a bucket wrote for the next commit: its path relative to the table (as the log writes it), size and statistics JSON.</summary>
[GenerateSerializer, Immutable]
public sealed record PreparedFile(
    [property: Id(0)] string Path,
    [property: Id(1)] long Size,
    [property: Id(2)] string? Stats);
