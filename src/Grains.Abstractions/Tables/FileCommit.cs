namespace Kardiaflow.Grains.Abstractions.Tables;

/// <summary>
/// One input file's contribution to a commit: its data files and the Delta <c>txn</c> that makes the commit idempotent.
/// <paramref name="AppId"/> is derived from the file's identity (relative path and content hash), so the same file is
/// never committed twice; <paramref name="TxnVersion"/> tells which submission committed it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FileCommit(
    [property: Id(0)] string AppId,
    [property: Id(1)] long TxnVersion,
    [property: Id(2)] string SourceFile,
    [property: Id(3)] IReadOnlyList<DataFileInfo> DataFiles,
    [property: Id(4)] long Rows,
    [property: Id(5)] long RecordsRead = -1);
