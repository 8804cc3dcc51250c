using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Transactions;

/// <summary>
/// A DELETE's read: its row predicate. The predicate is code, not an expression statistics could be checked against,
/// so a winner's file is read and every row put to it.
/// </summary>
internal sealed class RowPredicate(TableState state, Func<object?[], bool> predicate, string description) : ReadPredicate
{
    public override string Description => $"its predicate '{description}'";

    public override async Task<bool> MayMatchAsync(ILakeStorage storage, string tablePath, AddFileAction file, CancellationToken cancellationToken)
    {
        var rows = await FileRowsReader.ReadAsync(storage, tablePath, state, file, cancellationToken).ConfigureAwait(false);
        return rows.Exists(row => predicate(row));
    }
}
