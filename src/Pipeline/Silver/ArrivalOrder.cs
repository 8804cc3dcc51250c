namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// Arrival order of a Bronze row (docs/data-contract.md (Bronze)): (<c>_commit_version</c>, <c>_source_file</c>, <c>_source_row</c>),
/// compared in that order, file paths ordinally. "Latest" in Silver means the greatest.
/// </summary>
public readonly record struct ArrivalOrder(long CommitVersion, string SourceFile, long SourceRow) : IComparable<ArrivalOrder>
{
    public int CompareTo(ArrivalOrder other)
    {
        var c = CommitVersion.CompareTo(other.CommitVersion);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(SourceFile, other.SourceFile);
        return c != 0 ? c : SourceRow.CompareTo(other.SourceRow);
    }

    public static bool operator <(ArrivalOrder left, ArrivalOrder right) => left.CompareTo(right) < 0;

    public static bool operator >(ArrivalOrder left, ArrivalOrder right) => left.CompareTo(right) > 0;

    public static bool operator <=(ArrivalOrder left, ArrivalOrder right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ArrivalOrder left, ArrivalOrder right) => left.CompareTo(right) >= 0;
}
