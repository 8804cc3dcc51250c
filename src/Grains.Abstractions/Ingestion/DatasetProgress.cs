namespace Kardiaflow.Grains.Abstractions.Ingestion;

/// <summary>
/// Progress of one dataset of a submission, for progress bars: <see cref="BytesDone"/> of <see cref="BytesTotal"/> moves
/// as parts finish, <see cref="RowsRead"/> moves while they run.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DatasetProgress(
    [property: Id(0)] string Dataset,
    [property: Id(1)] int Files,
    [property: Id(2)] int FilesIngested,
    [property: Id(3)] int FilesSkipped,
    [property: Id(4)] int FilesFailed,
    [property: Id(5)] long BytesTotal,
    [property: Id(6)] long BytesDone,
    [property: Id(7)] long RowsRead,
    [property: Id(8)] long BronzeRows,
    [property: Id(9)] long QuarantinedRows,
    [property: Id(10)] DateTimeOffset? StartedAt,
    [property: Id(11)] DateTimeOffset? FinishedAt)
{
    /// <summary>True when every file of the dataset reached an outcome.</summary>
    public bool IsFinished => FilesIngested + FilesSkipped + FilesFailed == Files;
}
