using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Transactions;

/// <summary>
/// The read of a MERGE prepared outside the engine (<see cref="DeltaTable.CommitMergeAsync"/>): the keys of the rows it
/// wrote. Every key it inserted or updated is in its own adds, and the files it rewrote are its read files, so a winner's
/// file holding one of these keys is a conflict (two writers inserting the same key). The keys are read from the
/// commit's own files only when the commit loses a race.
/// </summary>
internal sealed class AddedKeysPredicate(TableState state, int[] keyOrdinals, IReadOnlyList<AddFileAction> ownAdds) : ReadPredicate
{
    private KeySetPredicate? _keys;

    public override string Description => _keys?.Description ?? "the keys of the rows it wrote";

    public override async Task<bool> MayMatchAsync(ILakeStorage storage, string tablePath, AddFileAction file, CancellationToken cancellationToken)
    {
        if (_keys is null)
        {
            var keys = new HashSet<object?[]>(RowValues.Comparer);
            foreach (var add in ownAdds.Where(a => a.DataChange))
            {
                foreach (var row in await FileRowsReader.ReadAsync(storage, tablePath, state, add, cancellationToken, keyOrdinals).ConfigureAwait(false))
                {
                    keys.Add(keyOrdinals.Select(i => row[i]).ToArray());
                }
            }

            _keys = new KeySetPredicate(state, keyOrdinals, keys);
        }

        return await _keys.MayMatchAsync(storage, tablePath, file, cancellationToken).ConfigureAwait(false);
    }
}
