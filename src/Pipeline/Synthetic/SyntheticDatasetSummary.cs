namespace Kardiaflow.Pipeline.Synthetic;

/// <summary>Files (relative to the output folder) and records (lines/rows, malformed ones included) of one dataset.</summary>
public sealed record SyntheticDatasetSummary(string Dataset, IReadOnlyList<string> Files, long Records, long Bytes);
