namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// One data file a Bronze version added: its path as the log names it, its rows, and the arrival order of its first
/// and last row (the range it covers; files of a splittable version do not interleave).
/// </summary>
public sealed record BronzeDataFile(string Path, long Rows, ArrivalOrder First, ArrivalOrder Last);
