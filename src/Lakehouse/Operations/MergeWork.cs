using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Transactions;

namespace Kardiaflow.Lakehouse.Operations;

/// <summary>What one <see cref="MergeOperation"/> accumulates: matched keys, rewritten rows and files, change data, counts.</summary>
internal sealed class MergeWork
{
    /// <summary>Rewritten rows (and change rows) held before they are written out as a data file.</summary>
    private const int FlushRows = 250_000;

    private readonly ILakeStorage _storage;
    private readonly string _tablePath;
    private readonly TableState _state;
    private readonly int[] _keyOrdinals;
    private readonly Dictionary<object?[], MergeRow> _bySourceKey;
    private readonly KeyRangePruning _pruning;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? _textKeys;
    private readonly bool _cdf;
    private readonly long _now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private readonly HashSet<object?[]> _matched = new(RowValues.Comparer);
    private readonly List<object?[]> _rewritten = [];
    private readonly List<object?[]> _changes = [];

    public MergeWork(ILakeStorage storage, string tablePath, TableState state, int[] keyOrdinals, Dictionary<object?[], MergeRow> bySourceKey)
    {
        _storage = storage;
        _tablePath = tablePath;
        _state = state;
        _keyOrdinals = keyOrdinals;
        _bySourceKey = bySourceKey;
        _cdf = state.ChangeDataFeed;
        _pruning = new KeyRangePruning(state.Metadata, keyOrdinals, bySourceKey.Keys);
        var schema = state.Metadata.Schema;
        // One string key column (Silver's): files are checked against the source keys by their characters, no rows made.
        _textKeys = keyOrdinals.Length == 1 && schema.Fields[keyOrdinals[0]].Type == PrimitiveType.String
            && !state.Metadata.PartitionColumns.Contains(schema.Fields[keyOrdinals[0]].Name) && bySourceKey.Keys.All(k => k[0] is string)
            ? bySourceKey.Keys.Select(k => k[0]).OfType<string>().ToHashSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>()
            : null;
    }

    public List<DeltaAction> Removes { get; } = [];

    public List<AddFileAction> Adds { get; } = [];

    public List<CdcFileAction> ChangeFiles { get; } = [];

    public List<string> ReadFiles { get; } = [];

    public long Inserted { get; private set; }

    public long Updated { get; private set; }

    public long Deleted { get; private set; }

    public long Unchanged { get; private set; }

    /// <summary>Rows kept or replaced in rewritten files.</summary>
    public long Copied { get; private set; }

    public bool ChangesAnything => Removes.Count > 0 || Inserted > 0;

    public static object?[] Key(object?[] row, int[] ordinals)
    {
        var key = new object?[ordinals.Length];
        for (var i = 0; i < ordinals.Length; i++)
        {
            key[i] = row[ordinals[i]];
        }

        return key;
    }

    /// <summary>Applies the source to one file: a file that holds none of its keys is left alone, one that changes is rewritten.</summary>
    public async Task MatchFileAsync(AddFileAction file, CancellationToken cancellationToken)
    {
        if (!_pruning.MayContainKeys(file))
        {
            return;
        }

        ReadFiles.Add(file.Path);
        // Keys first: most files of a table with random keys hold none of the source's, and then need no full read.
        var holdsKey = _textKeys is { } texts
            ? await FileRowsReader.HoldsAnyTextAsync(_storage, _tablePath, _state, file, _keyOrdinals[0], texts, cancellationToken).ConfigureAwait(false)
            : (await FileRowsReader.ReadAsync(_storage, _tablePath, _state, file, cancellationToken, _keyOrdinals).ConfigureAwait(false))
                .Exists(k => _bySourceKey.ContainsKey(Key(k, _keyOrdinals)));
        if (!holdsKey)
        {
            return;
        }

        var rows = await FileRowsReader.ReadAsync(_storage, _tablePath, _state, file, cancellationToken).ConfigureAwait(false);
        var output = new List<object?[]>(rows.Count);
        var changed = false;
        foreach (var row in rows)
        {
            changed |= ApplyToRow(row, output);
        }

        if (changed)
        {
            Removes.Add(WriteOperations.ToRemove(file, _now));
            _rewritten.AddRange(output);
            Copied += output.Count;
        }

        // Memory stays bounded by FlushRows, not by the table: a merge may touch every file of a large table.
        await FlushAsync(FlushRows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every upsert no target row matched becomes an insert.</summary>
    public void AddInserts()
    {
        // A commit that only inserts needs no change files: a reader takes such a version's changes from its adds.
        // Once an update or delete wrote change rows, the inserts must be change rows too (cdc files are then the
        // version's whole change set).
        var recordInserts = _changes.Count > 0 || ChangeFiles.Count > 0;
        foreach (var (key, src) in _bySourceKey)
        {
            if (!src.Delete && !_matched.Contains(key))
            {
                Inserted++;
                _rewritten.Add(src.Row);
                if (recordInserts)
                {
                    AddChange(src.Row, "insert");
                }
            }
        }
    }

    /// <summary>Writes the rewritten rows, and the change rows (an update holds two), once at least <paramref name="atLeast"/> are held.</summary>
    public async Task FlushAsync(int atLeast, CancellationToken cancellationToken)
    {
        if (_rewritten.Count > 0 && _rewritten.Count >= atLeast)
        {
            Adds.AddRange(await DataFileWriter.WriteAsync(_storage, _tablePath, _state.Metadata, _rewritten, dataChange: true, cancellationToken).ConfigureAwait(false));
            _rewritten.Clear();
        }

        if (_changes.Count > 0 && _changes.Count >= atLeast)
        {
            ChangeFiles.AddRange(await DataFileWriter.WriteChangesAsync(_storage, _tablePath, _state.Metadata, _changes, cancellationToken).ConfigureAwait(false));
            _changes.Clear();
        }
    }

    /// <summary>One target row against the source: kept, replaced or dropped. True when the file changes.</summary>
    private bool ApplyToRow(object?[] row, List<object?[]> output)
    {
        var key = Key(row, _keyOrdinals);
        if (!_bySourceKey.TryGetValue(key, out var src))
        {
            output.Add(row);
            return false;
        }

        _matched.Add(key);
        if (src.Delete)
        {
            Deleted++;
            AddChange(row, "delete");
            return true;
        }

        if (RowValues.Comparer.Equals(row, src.Row))
        {
            Unchanged++;
            output.Add(row);
            return false;
        }

        Updated++;
        output.Add(src.Row);
        AddChange(row, "update_preimage");
        AddChange(src.Row, "update_postimage");
        return true;
    }

    private void AddChange(object?[] row, string changeType)
    {
        if (_cdf)
        {
            _changes.Add([.. row, changeType]);
        }
    }
}
