using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// What one partition wrote for one Gold table in an epoch: the new files of each rewritten page (none for a page left
/// empty), the change-data files of the rows that changed, and how many rows changed. Nothing is committed yet.
/// </summary>
public sealed record GoldPageWrite(
    string Table,
    IReadOnlyDictionary<int, IReadOnlyList<AddFileAction>> Pages,
    IReadOnlyList<CdcFileAction> ChangeFiles,
    long RowsChanged);
