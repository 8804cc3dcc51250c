namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>Conservation figures of one file or part: <see cref="RecordsRead"/> = <see cref="BronzeRows"/> + <see cref="QuarantinedRows"/>.</summary>
public sealed record RecordCounts(long RecordsRead, long BronzeRows, long QuarantinedRows)
{
    public static RecordCounts Zero { get; } = new(0, 0, 0);

    public bool IsConserved => RecordsRead == BronzeRows + QuarantinedRows;

    public RecordCounts Add(RecordCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(RecordsRead + other.RecordsRead, BronzeRows + other.BronzeRows, QuarantinedRows + other.QuarantinedRows);
    }
}
