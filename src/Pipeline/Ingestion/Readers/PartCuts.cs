namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>Where a planner cuts a file: part starts with their first source row, and the end of the last part.</summary>
internal sealed record PartCuts(List<(long Start, long FirstRow)> Cuts, long End)
{
    public static PartCuts Unsplittable { get; } = new([(0, 1)], 0);
}
