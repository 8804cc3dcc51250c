using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Transactions;

/// <summary>
/// A MERGE's read: every key of its source (those it matched, updated, deleted or inserted). A winner's file is judged
/// first by its partition values and key statistics (<see cref="KeyRangePruning"/>), then, when the range cannot rule
/// it out, by reading only its key columns.
/// </summary>
internal sealed class KeySetPredicate : ReadPredicate
{
    private readonly TableState _state;
    private readonly int[] _keyOrdinals;
    private readonly IReadOnlyCollection<object?[]> _keys;
    private readonly HashSet<object?[]> _keySet;
    private readonly KeyRangePruning _pruning;

    public KeySetPredicate(TableState state, int[] keyOrdinals, IReadOnlyCollection<object?[]> keys)
    {
        _state = state;
        _keyOrdinals = keyOrdinals;
        _keys = keys;
        _keySet = new HashSet<object?[]>(keys, RowValues.Comparer);
        _pruning = new KeyRangePruning(state.Metadata, keyOrdinals, keys);
    }

    public override string Description =>
        $"its {_keys.Count} source key(s) on ({string.Join(", ", _keyOrdinals.Select(i => _state.Metadata.Schema.Fields[i].Name))})";

    public override async Task<bool> MayMatchAsync(ILakeStorage storage, string tablePath, AddFileAction file, CancellationToken cancellationToken)
    {
        if (_keys.Count == 0 || !_pruning.MayContainKeys(file))
        {
            return false;
        }

        var rows = await FileRowsReader.ReadAsync(storage, tablePath, _state, file, cancellationToken, _keyOrdinals).ConfigureAwait(false);
        foreach (var row in rows)
        {
            var key = new object?[_keyOrdinals.Length];
            for (var i = 0; i < _keyOrdinals.Length; i++)
            {
                key[i] = row[_keyOrdinals[i]];
            }

            if (_keySet.Contains(key))
            {
                return true;
            }
        }

        return false;
    }
}
