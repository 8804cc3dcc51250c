using System.IO.Hashing;
using System.Runtime.InteropServices;
using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// The in-memory state of a Silver bucket grain: its live data files and, for every key of its rows, the file that
/// holds it, by a 128-bit hash of the key text (a collision needs about n²/2¹²⁹ luck; see
/// docs/adr/silver-key-buckets.md). Derived from the table, never persisted: <see cref="SilverBucketGrain"/> brings
/// it up to a snapshot by comparing file lists, reading only files it has not indexed.
/// </summary>
public sealed class SilverBucketIndex
{
    private readonly List<AddFileAction?> _files = [];
    private readonly Dictionary<string, int> _fileIds = new(StringComparer.Ordinal);
    private readonly Dictionary<UInt128, int> _keys = [];
    private readonly Dictionary<string, DimensionValueIndex> _dimensions = new(StringComparer.Ordinal);

    // The served columns' values by first key column (tables with ServedColumns only), each distinct value held once.
    private readonly Dictionary<UInt128, object?[]> _served = [];
    private readonly Dictionary<object, object> _valuePool = [];

    /// <summary>The table version the index reflects; -2 before the first sync.</summary>
    public long Version { get; set; } = -2;

    /// <summary>
    /// Files written by the last prepare, not yet seen committed: their keys, dimension values and served values, so
    /// the commit needs no read-back.
    /// </summary>
    public Dictionary<string, (List<UInt128> Keys, Dictionary<string, HashSet<ulong>> Dimensions, List<(UInt128 Key, object?[] Values)>? Served)> Pending { get; } = new(StringComparer.Ordinal);

    /// <summary>The read version the pending files were prepared against.</summary>
    public long PendingReadVersion { get; set; } = -2;

    /// <summary>Insert rows of the last prepare whose change rows were not written (only needed if another bucket updated rows).</summary>
    public List<object?[]> PendingInserts { get; } = [];

    public int KeyCount => _keys.Count;

    public static UInt128 Hash(string keyText)
    {
        ArgumentNullException.ThrowIfNull(keyText);
        return XxHash128.HashToUInt128(MemoryMarshal.AsBytes(keyText.AsSpan()));
    }

    public bool IsKnown(string path) => _fileIds.TryGetValue(path, out var id) && _files[id] is not null;

    /// <summary>The live file that holds a key, or null.</summary>
    public AddFileAction? FileOf(UInt128 keyHash) =>
        _keys.TryGetValue(keyHash, out var id) ? _files[id] : null;

    public bool Contains(UInt128 keyHash) => FileOf(keyHash) is not null;

    /// <summary>The served columns' values of a first-key value (by its hash) the table holds, or null.</summary>
    public object?[]? ServedOf(UInt128 firstKeyHash) => _served.TryGetValue(firstKeyHash, out var values) ? values : null;

    /// <summary>
    /// Adds a file and points its keys at it (a key that moved from a rewritten file moves with it);
    /// <paramref name="dimensions"/> hold the hashes of its dimension columns' values, <paramref name="served"/> (one per key, in
    /// the served rows' order, by the hash of their first key column) the values of the table's served columns. Silver
    /// never deletes a key and an SCD2 table always has one current row per key, so a served value is only replaced.
    /// </summary>
    public void AddFile(
        AddFileAction file, IReadOnlyList<UInt128> keys, Dictionary<string, HashSet<ulong>> dimensions, IReadOnlyList<(UInt128 Key, object?[] Values)>? served = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(keys);
        var id = _files.Count;
        ArgumentNullException.ThrowIfNull(dimensions);
        _files.Add(file);
        _fileIds[file.Path] = id;
        foreach (var (column, values) in dimensions)
        {
            if (!_dimensions.TryGetValue(column, out var index))
            {
                index = new DimensionValueIndex();
                _dimensions[column] = index;
            }

            index.Add(id, values, IsLive);
        }
        foreach (var key in keys)
        {
            _keys[key] = id;
        }

        foreach (var (key, values) in served ?? [])
        {
            _served[key] = Pooled(values);
        }
    }

    private object?[] Pooled(object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value)
            {
                if (!_valuePool.TryGetValue(value, out var shared))
                {
                    _valuePool[value] = value;
                    shared = value;
                }

                values[i] = shared;
            }
        }

        return values;
    }

    /// <summary>
    /// Drops a file. Keys still pointing at it read as absent; Silver never deletes a key, so a removed file's keys
    /// are pointed at the file that replaced it when that file is added.
    /// </summary>
    public void RemoveFile(string path)
    {
        if (_fileIds.Remove(path, out var id))
        {
            _files[id] = null;
        }
    }

    /// <summary>The live files that may hold one of <paramref name="values"/> (hashes, <see cref="DimensionValueIndex.Hash"/>) in dimension column <paramref name="column"/>.</summary>
    public List<AddFileAction> FilesThatMayHold(string column, IReadOnlyCollection<ulong> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!_dimensions.TryGetValue(column, out var index))
        {
            // Not a dimension column of this table: every live file may hold any value.
            return [.. _files.OfType<AddFileAction>()];
        }

        var ids = new HashSet<int>();
        foreach (var value in values)
        {
            index.FilesOf(value, ids, IsLive);
        }

        return [.. ids.Order().Select(id => _files[id]!)];
    }

    private bool IsLive(int fileId) => _files[fileId] is not null;

    /// <summary>Paths of the live files not in <paramref name="paths"/>.</summary>
    public List<string> LivePathsNotIn(IReadOnlySet<string> paths) =>
        [.. _fileIds.Where(f => _files[f.Value] is not null && !paths.Contains(f.Key)).Select(f => f.Key)];

    public void ClearPending()
    {
        Pending.Clear();
        PendingInserts.Clear();
        PendingReadVersion = -2;
    }
}
