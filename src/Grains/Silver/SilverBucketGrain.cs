using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Silver;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// One key bucket of a Silver table (docs/adr/silver-key-buckets.md): the only grain that writes the bucket's data
/// files, and the keeper of its key index, rebuilt from the table whenever the table moved in a way it did not see.
/// </summary>
/// <remarks>
/// Concurrency: not reentrant. The table's one writer sends prepares one batch at a time; lookups from other
/// tables' writers (which visits exist, which enriched rows name a dimension) interleave between them and see the
/// table as committed (files prepared but not committed are not in the index until the snapshot holds them).
/// </remarks>
[GrainType("silver-bucket")]
// Spread by key over the silos: every silo of a cluster hosts buckets of every table.
[HashBasedPlacement]
public sealed partial class SilverBucketGrain(ILakeStorage storage, ILogger<SilverBucketGrain> logger) : Grain, ISilverBucketGrain
{
    /// <summary>Rows per data file a prepare writes at most (the engine writes up to this many rows as one file).</summary>
    private const int RowsPerFile = 200_000;

    private SilverBucketIndex _index = new();
    private string _tableName = string.Empty;
    private string _prefix = string.Empty;
    private int[] _keyOrdinals = [];
    private string[] _keyColumns = [];
    private (string Name, int Ordinal)[] _dimensions = [];
    private (string Name, int Ordinal)[] _served = [];
    private int _firstKeyOrdinal;
    private int _currentOrdinal = -1;
    private int _sourceFileOrdinal;
    private DeltaTable? _table;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (table, count, bucket) = SilverBucketKeys.Parse(this.GetPrimaryKeyString());
        _tableName = table;
        _prefix = SilverBucketKeys.FilePrefix(count, bucket);
        _keyOrdinals = SilverBucketKeys.KeyOrdinals(table);
        _keyColumns = [.. SilverTables.KeyOf(table)];
        // The columns dimension refreshes look rows up by get an exact value → files index (enriched tables only).
        var schema = SilverTables.SchemaOf(table);
        _dimensions = [.. DatasetCatalog.All.SelectMany(d => d.Silver.Refreshes)
            .Where(r => r.Table == table && r.DimensionColumn is not null)
            .Select(r => r.DimensionColumn!).Distinct(StringComparer.Ordinal)
            .Select(c => (c, schema.IndexOf(c)))];
        // A dimension table's attributes that other writers look up by key are kept per key (docs/adr/silver-entity-state.md).
        var definition = SilverTables.Get(table);
        _served = [.. (definition.ServedColumns ?? []).Select(c => (c, schema.IndexOf(c)))];
        _firstKeyOrdinal = SilverBucketKeys.FirstKeyOrdinal(table);
        _sourceFileOrdinal = schema.IndexOf("_source_file");
        _currentOrdinal = definition.CurrentColumn is { } current ? schema.IndexOf(current) : -1;
        return Task.CompletedTask;
    }

    public async Task<BucketPrepared> PrepareAsync(BucketBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var ct = CancellationToken.None;
        if (!await SyncAsync(batch.ReadVersion, ct))
        {
            return new BucketPrepared([], [], [], 0, 0, 0, 0, [], false, Stale: true);
        }

        var table = _table!;
        _index.ClearPending();
        _index.PendingReadVersion = batch.ReadVersion;
        var inserts = new List<object?[]>();
        var insertKeys = new List<UInt128>();
        var skipped = new List<string>();
        // Which keys' served values changed, for a table served by its whole key (patients). An SCD2 table is served by
        // its first key column while its rows are keyed by version, and its writer derives the changes from SCD2 itself.
        var servedChanged = _served.Length == 0 || _currentOrdinal >= 0 ? null : new List<string>();
        var touched = new Dictionary<string, (AddFileAction File, Dictionary<string, object?[]> Upserts)>(StringComparer.Ordinal);
        foreach (var row in batch.Rows)
        {
            var text = SilverBucketKeys.KeyText(row, _keyOrdinals);
            var hash = SilverBucketIndex.Hash(text);
            if (_index.FileOf(hash) is not { } file)
            {
                inserts.Add(row);
                insertKeys.Add(hash);
                servedChanged?.Add(text);
            }
            else if (batch.Mode == SilverWriteMode.InsertIfAbsent)
            {
                skipped.Add(text);
            }
            else
            {
                if (!touched.TryGetValue(file.Path, out var entry))
                {
                    entry = (file, new Dictionary<string, object?[]>(StringComparer.Ordinal));
                    touched[file.Path] = entry;
                }

                if (!entry.Upserts.TryAdd(text, row))
                {
                    throw new ArgumentException($"A batch for {_tableName} holds a key twice; the writer keeps one row per key.", nameof(batch));
                }
            }
        }

        // Each output becomes its own data file(s): a rewritten file stays one file, and new rows are grouped by the
        // Bronze file they came from, so rows that arrived together stay together and a later update correlated with
        // their arrival (feedback whose visits arrive with one encounters file) rewrites their few files, not every
        // file of the batch they were inserted with.
        var outputs = new List<(List<object?[]> Rows, List<UInt128> Keys)>();
        var changes = new List<object?[]>();
        var removed = new List<string>();
        long updated = 0, unchanged = 0, copied = 0;
        foreach (var (file, upserts) in touched.Values)
        {
            // Only files that hold a batch key are read, and only those that change are rewritten.
            var rows = await table.ReadFileAsync(file, null, ct);
            var output = new List<object?[]>(rows.Count);
            var fileUpdates = 0;
            foreach (var row in rows)
            {
                var text = SilverBucketKeys.KeyText(row, _keyOrdinals);
                if (!upserts.Remove(text, out var source))
                {
                    output.Add(row);
                }
                else if (RowValues.Comparer.Equals(row, source))
                {
                    unchanged++;
                    output.Add(row);
                }
                else
                {
                    fileUpdates++;
                    if (servedChanged is not null && _served.Any(d => !Equals(row[d.Ordinal], source[d.Ordinal])))
                    {
                        servedChanged.Add(text);
                    }

                    output.Add(source);
                    changes.Add([.. row, "update_preimage"]);
                    changes.Add([.. source, "update_postimage"]);
                }
            }

            foreach (var (text, source) in upserts)
            {
                // The index named this file but the key is not in it: a hash collision, so the row is new after all.
                inserts.Add(source);
                insertKeys.Add(SilverBucketIndex.Hash(text));
                servedChanged?.Add(text);
            }

            if (fileUpdates > 0)
            {
                updated += fileUpdates;
                copied += output.Count - fileUpdates;
                removed.Add(file.Path);
                outputs.Add((output, [.. output.Select(r => SilverBucketIndex.Hash(SilverBucketKeys.KeyText(r, _keyOrdinals)))]));
            }
        }

        foreach (var arrival in Enumerable.Range(0, inserts.Count).GroupBy(i => inserts[i][_sourceFileOrdinal] as string ?? string.Empty, StringComparer.Ordinal))
        {
            outputs.Add(([.. arrival.Select(i => inserts[i])], [.. arrival.Select(i => insertKeys[i])]));
        }

        var adds = new List<PreparedFile>();
        foreach (var (data, dataKeys) in outputs)
        {
            for (var start = 0; start < data.Count; start += RowsPerFile)
            {
                var count = Math.Min(RowsPerFile, data.Count - start);
                var written = await table.WriteDataFilesAsync(data.GetRange(start, count), _prefix, dataChange: true, ct);
                if (written.Count != 1)
                {
                    throw new InvalidOperationException($"Expected one data file for {count} rows of {_tableName}, got {written.Count}.");
                }

                _index.Pending[written[0].Path] = (dataKeys.GetRange(start, count), DimensionValues(data, start, count), Served(data, start, count));
                adds.Add(new PreparedFile(written[0].Path, written[0].Size, written[0].Stats));
            }
        }

        var changeFiles = new List<PreparedFile>();
        var insertChangesPending = false;
        if (updated > 0)
        {
            // This commit has change files, so they must hold its inserts too.
            changes.AddRange(inserts.Select(i => (object?[])[.. i, "insert"]));
            changeFiles.AddRange((await table.WriteChangeFilesAsync(changes, _prefix, ct)).Select(c => new PreparedFile(c.Path, c.Size, null)));
        }
        else if (inserts.Count > 0)
        {
            _index.PendingInserts.AddRange(inserts);
            insertChangesPending = true;
        }

        LogPrepared(logger, _tableName, _prefix, batch.ReadVersion, batch.Rows.Count, inserts.Count, updated, touched.Count, removed.Count);
        return new BucketPrepared(adds, removed, changeFiles, inserts.Count, updated, unchanged, copied, skipped, insertChangesPending, ServedChanged: servedChanged);
    }

    public async Task<IReadOnlyList<PreparedFile>> WriteInsertChangesAsync(long readVersion)
    {
        if (_index.PendingReadVersion != readVersion || _table is null)
        {
            throw new InvalidOperationException($"Bucket {_prefix} of {_tableName} has no inserts prepared against version {readVersion}.");
        }

        var changes = _index.PendingInserts.Select(i => (object?[])[.. i, "insert"]).ToList();
        _index.PendingInserts.Clear();
        var written = await _table.WriteChangeFilesAsync(changes, _prefix, CancellationToken.None);
        return [.. written.Select(c => new PreparedFile(c.Path, c.Size, null))];
    }

    public Task CommittedAsync(long readVersion, long committedVersion)
    {
        // The files are adopted by the next sync, which finds them in the snapshot (their keys are kept in Pending).
        if (_index.PendingReadVersion == readVersion)
        {
            _index.PendingInserts.Clear();
        }

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<bool>> ContainsAsync(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await SyncAsync(null, CancellationToken.None);
        return [.. keys.Select(k => _index.Contains(SilverBucketIndex.Hash(k)))];
    }

    public async Task<IReadOnlyList<object?[]?>?> ServedAsync(long readVersion, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (_served.Length == 0)
        {
            throw new InvalidOperationException($"{_tableName} serves no columns by key.");
        }

        // At the caller's version, not merely the newest this grain can see: the caller then reads the state its own
        // next commit is checked against.
        if (!await SyncAsync(readVersion, CancellationToken.None))
        {
            return null;
        }

        return [.. keys.Select(k => _index.ServedOf(SilverBucketIndex.Hash(k)))];
    }

    public async Task<SilverRows> FindAsync(string column, ulong[] valueHashes)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(valueHashes);
        var ct = CancellationToken.None;
        await SyncAsync(null, ct);
        var wanted = valueHashes.ToHashSet();
        var ordinal = SilverTables.SchemaOf(_tableName).IndexOf(column);
        var found = new List<object?[]>();
        if (wanted.Count == 0 || ordinal < 0)
        {
            return new SilverRows(found);
        }

        // The value index names only files that hold one of the values, so each is read whole at once. Rows are
        // matched by hash too: a 64-bit collision (about n²/2⁶⁵) only re-enriches a row that did not need it.
        foreach (var file in _index.FilesThatMayHold(column, wanted))
        {
            found.AddRange((await _table!.ReadFileAsync(file, null, ct)).Where(r => r[ordinal] is string v && wanted.Contains(DimensionValueIndex.Hash(v))));
        }

        return new SilverRows(found);
    }

    /// <summary>
    /// Brings the index up to the table's newest snapshot (which must be <paramref name="readVersion"/> when given):
    /// files gone from it are dropped, files new to it are taken from the last prepare or read for their keys.
    /// </summary>
    private async Task<bool> SyncAsync(long? readVersion, CancellationToken ct)
    {
        _table ??= await SilverTableAccess.OpenAsync(storage, _tableName, ct);
        await _table.RefreshAsync(ct);
        var snapshot = _table.Snapshot;
        if (readVersion is { } expected && snapshot.Version != expected)
        {
            // The table may have been replaced (deleted and created again: its log starts over below what this grain
            // saw). Open it afresh, and forget an index that is ahead of the table.
            _table = await SilverTableAccess.OpenAsync(storage, _tableName, ct);
            snapshot = _table.Snapshot;
            if (snapshot.Version < _index.Version)
            {
                _index = new SilverBucketIndex();
            }

            if (snapshot.Version != expected)
            {
                return false;
            }
        }
        else if (snapshot.Version < _index.Version)
        {
            _index = new SilverBucketIndex();
        }

        if (_index.Version == snapshot.Version)
        {
            return true;
        }

        var own = snapshot.Files.Values.Where(f => SilverBucketKeys.IsFileOf(f.Path, _prefix)).ToList();
        foreach (var gone in _index.LivePathsNotIn(own.Select(f => f.Path).ToHashSet(StringComparer.Ordinal)))
        {
            _index.RemoveFile(gone);
        }

        var read = 0;
        foreach (var file in own.Where(f => !_index.IsKnown(f.Path)))
        {
            if (_index.Pending.Remove(file.Path, out var pending))
            {
                _index.AddFile(file, pending.Keys, pending.Dimensions, pending.Served);
                continue;
            }

            string[] columns = [.. _keyColumns, .. _dimensions.Select(d => d.Name), .. _served.Select(d => d.Name), .. _currentOrdinal < 0 ? [] : new[] { SilverTables.Get(_tableName).CurrentColumn! }];
            var rows = await _table.ReadFileAsync(file, [.. columns.Distinct(StringComparer.Ordinal)], ct);
            _index.AddFile(
                file, [.. rows.Select(r => SilverBucketIndex.Hash(SilverBucketKeys.KeyText(r, _keyOrdinals)))], DimensionValues(rows, 0, rows.Count), Served(rows, 0, rows.Count));
            read++;
        }

        if (read > 0)
        {
            LogIndexed(logger, _tableName, _prefix, snapshot.Version, read, _index.KeyCount);
        }

        _index.Version = snapshot.Version;
        return true;
    }

    /// <summary>The served columns' values of each served row (an SCD2 table: current rows only) by the hash of its first key column, or null when the table serves none.</summary>
    private List<(UInt128 Key, object?[] Values)>? Served(List<object?[]> rows, int start, int count)
    {
        if (_served.Length == 0)
        {
            return null;
        }

        var served = new List<(UInt128, object?[])>(count);
        for (var r = start; r < start + count; r++)
        {
            if (_currentOrdinal >= 0 && rows[r][_currentOrdinal] is not true)
            {
                continue;
            }

            var values = new object?[_served.Length];
            for (var c = 0; c < _served.Length; c++)
            {
                values[c] = rows[r][_served[c].Ordinal];
            }

            served.Add((SilverBucketIndex.Hash(rows[r][_firstKeyOrdinal] as string ?? string.Empty), values));
        }

        return served;
    }

    /// <summary>The distinct value hashes of each dimension column in rows [start, start + count).</summary>
    private Dictionary<string, HashSet<ulong>> DimensionValues(List<object?[]> rows, int start, int count)
    {
        var dimensions = new Dictionary<string, HashSet<ulong>>(StringComparer.Ordinal);
        foreach (var (name, ordinal) in _dimensions)
        {
            var values = new HashSet<ulong>();
            for (var r = start; r < start + count; r++)
            {
                if (rows[r][ordinal] is string value)
                {
                    values.Add(DimensionValueIndex.Hash(value));
                }
            }

            dimensions[name] = values;
        }

        return dimensions;
    }

    [LoggerMessage(EventId = GrainEventIds.SilverBucket.Indexed, Level = LogLevel.Information, Message = "Bucket {Prefix} of {Table} indexed {Files} files at version {Version}: {Keys} keys")]
    private static partial void LogIndexed(ILogger logger, string table, string prefix, long version, int files, int keys);

    [LoggerMessage(EventId = GrainEventIds.SilverBucket.Prepared, Level = LogLevel.Debug, Message = "Bucket {Prefix} of {Table} prepared {Rows} rows against version {Version}: {Inserted} inserts, {Updated} updates, {Touched} files read, {Rewritten} rewritten")]
    private static partial void LogPrepared(ILogger logger, string table, string prefix, long version, int rows, int inserted, long updated, int touched, int rewritten);
}
