using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// The one commit path of a Silver table's writer (docs/adr/silver-key-buckets.md): a batch's rows go to their key
/// buckets, which prepare files in parallel on whichever silos host them, and the writer commits all of it as one
/// MERGE version carrying the feed's txn.
/// </summary>
/// <remarks>
/// With <paramref name="versionIsBatchKey"/> (the feeds and the enriched tables they refresh), the <c>version</c> of
/// <see cref="WriteAsync"/> is a <see cref="SilverBatchKey"/>: the commit carries the txn that key names (the feed's
/// txn when the key completes a Bronze version, its slice txn otherwise; docs/adr/silver-version-slices.md).
/// </remarks>
public sealed class SilverTableWriter(IGrainFactory grains, ILakeStorage storage, int buckets, bool versionIsBatchKey = false)
{
    private const int MaxAttempts = 5;

    /// <summary>Reads of served values retried when the table moved underneath (cheap: a moved bucket only syncs).</summary>
    private const int MaxReadAttempts = 20;

    public int Buckets => buckets;

    /// <summary>
    /// Writes one row per key into <paramref name="tableName"/> by <paramref name="mode"/>, with the txn
    /// (<paramref name="appId"/>, <paramref name="version"/>) when an appId is given (or the txn of that batch key,
    /// see the remarks): already committed is a no-op.
    /// </summary>
    /// <remarks>
    /// <paramref name="stateVersion"/>: the table version the rows were computed from (a rule that read the table's
    /// state first, as SCD2 reads current versions). If the table is at another version when the batch is not yet
    /// committed, nothing is written and the write fails, so the caller computes its rows again from the new state.
    /// </remarks>
    public async Task<SilverWriteResult> WriteAsync(
        string tableName, IReadOnlyList<object?[]> rows, SilverWriteMode mode, string? appId, long version, CancellationToken cancellationToken,
        long? stateVersion = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = await SilverTableAccess.OpenAsync(storage, tableName, cancellationToken);
        var first = SilverBucketKeys.FirstKeyOrdinal(tableName);
        var byBucket = rows.GroupBy(r => SilverBucketKeys.BucketOfKey(r[first] as string ?? string.Empty, buckets)).ToList();
        for (var attempt = 1; ; attempt++)
        {
            await table.RefreshAsync(cancellationToken);
            var txn = appId is null ? null
                : versionIsBatchKey ? SilverBatchKey.Txn(appId, version, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
                : new TxnAction(appId, version, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            if (appId is not null && IsCommitted(table.Snapshot.AppTransactions, appId, version))
            {
                return new SilverWriteResult(table.Version, true, 0, 0, 0, new HashSet<string>());
            }

            await EnsureBucketedAsync(table, cancellationToken);
            var readVersion = table.Version;
            if (stateVersion is { } computedFrom && readVersion != computedFrom)
            {
                throw new InvalidOperationException(
                    $"{tableName} moved from version {computedFrom} to {readVersion} after this batch read its state; the batch is applied again from the new state.");
            }

            var prepared = await Task.WhenAll(byBucket.Select(g => Bucket(tableName, g.Key)
                .PrepareAsync(new BucketBatch(readVersion, mode, g.ToList()))));
            if (prepared.Any(p => p.Stale))
            {
                // A bucket saw another version than this writer read: another writer committed in between (only
                // during a failover), or the table was replaced. Bounded, so a table that never settles fails the
                // batch (the feed reports it) instead of spinning.
                if (attempt >= MaxAttempts)
                {
                    throw new InvalidOperationException(
                        $"The buckets of {tableName} did not see the version {readVersion} this writer read after {attempt} attempts; the table keeps changing underneath the feed.");
                }

                continue;
            }

            var changeFiles = prepared.SelectMany(p => p.ChangeFiles).ToList();
            if (prepared.Any(p => p.Updated > 0))
            {
                // A version with change files is read from them alone: the buckets that only inserted add theirs.
                var pending = byBucket.Where((_, i) => prepared[i].InsertChangesPending).Select(g => Bucket(tableName, g.Key).WriteInsertChangesAsync(readVersion));
                changeFiles.AddRange((await Task.WhenAll(pending)).SelectMany(f => f));
            }

            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var adds = prepared.SelectMany(p => p.Adds)
                .Select(f => new AddFileAction(f.Path, new Dictionary<string, string?>(), f.Size, now, true, f.Stats)).ToList();
            var cdc = changeFiles.Select(f => new CdcFileAction(f.Path, new Dictionary<string, string?>(), f.Size)).ToList();
            var counts = new MergeCounts(rows.Count, prepared.Sum(p => p.Inserted), prepared.Sum(p => p.Updated), prepared.Sum(p => p.Copied));
            try
            {
                var result = await table.CommitMergeAsync(
                    readVersion, adds, [.. prepared.SelectMany(p => p.Removed)], cdc, SilverTables.KeyOf(tableName), counts, txn, cancellationToken);
                await Task.WhenAll(byBucket.Select(g => Bucket(tableName, g.Key).CommittedAsync(readVersion, result.Version)));
                return new SilverWriteResult(
                    result.Version, result.AlreadyCommitted, counts.Inserted, counts.Updated, prepared.Sum(p => p.Unchanged),
                    prepared.SelectMany(p => p.SkippedKeys).ToHashSet(StringComparer.Ordinal),
                    result.AlreadyCommitted ? null : prepared.SelectMany(p => p.ServedChanged ?? []).ToHashSet(StringComparer.Ordinal));
            }
            catch (DeltaConflictException) when (attempt < MaxAttempts)
            {
                // Another writer (only during a failover) committed first: prepare again on the new snapshot. The files
                // this attempt wrote are never committed; vacuum removes them.
            }
        }
    }

    private bool IsCommitted(IReadOnlyDictionary<string, long> transactions, string appId, long version) => versionIsBatchKey
        ? SilverBatchKey.IsCommitted(transactions, appId, version)
        : transactions.TryGetValue(appId, out var committed) && committed >= version;

    /// <summary>Which of <paramref name="keys"/> (single-column keys) the table holds, each bucket asked once.</summary>
    public async Task<HashSet<string>> ExistingAsync(string tableName, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var groups = keys.Distinct(StringComparer.Ordinal).GroupBy(k => SilverBucketKeys.BucketOfKey(k, buckets)).ToList();
        var answers = await Task.WhenAll(groups.Select(async g =>
        {
            var mine = g.ToList();
            var found = await Bucket(tableName, g.Key).ContainsAsync(mine);
            return mine.Where((_, i) => found[i]);
        }));
        return answers.SelectMany(a => a).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The served columns' values (<c>SilverTable.ServedColumns</c>) of each distinct key (single-column keys) as
    /// committed now, null for a key the table does not hold; each bucket asked once.
    /// </summary>
    public async Task<Dictionary<string, object?[]?>> ServedAsync(string tableName, IEnumerable<string> keys) =>
        (await ServedAtAsync(tableName, keys)).Values;

    /// <summary>As <see cref="ServedAsync"/>, with the table version the values were read at.</summary>
    public async Task<(long Version, Dictionary<string, object?[]?> Values)> ServedAtAsync(string tableName, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var groups = keys.Distinct(StringComparer.Ordinal).GroupBy(k => SilverBucketKeys.BucketOfKey(k, buckets)).Select(g => (g.Key, Keys: g.ToList())).ToList();
        for (var attempt = 1; ; attempt++)
        {
            // A lake from before the buckets (or of another bucket count) is re-bucketed first, or its keys would read as absent.
            var table = await SilverTableAccess.OpenAsync(storage, tableName, CancellationToken.None);
            await EnsureBucketedAsync(table, CancellationToken.None);
            var readVersion = table.Version;
            var answers = await Task.WhenAll(groups.Select(g => Bucket(tableName, g.Key).ServedAsync(readVersion, g.Keys)));
            if (answers.All(a => a is not null))
            {
                return (readVersion, groups.SelectMany((g, i) => g.Keys.Select((k, j) => (Key: k, Values: answers[i]![j])))
                    .ToDictionary(a => a.Key, a => a.Values, StringComparer.Ordinal));
            }

            // The table moved between this read and a bucket's (its writer committed): read it again, bounded.
            if (attempt >= MaxReadAttempts)
            {
                throw new InvalidOperationException($"The buckets of {tableName} did not see the version {readVersion} this reader read after {attempt} attempts.");
            }
        }
    }

    /// <summary>Every row of the table whose string column <paramref name="column"/> holds one of <paramref name="values"/>.</summary>
    public async Task<List<object?[]>> FindAsync(string tableName, string column, IReadOnlyList<string> values)
    {
        var table = await SilverTableAccess.OpenAsync(storage, tableName, CancellationToken.None);
        await EnsureBucketedAsync(table, CancellationToken.None);
        ulong[] hashes = [.. values.Distinct(StringComparer.Ordinal).Select(DimensionValueIndex.Hash)];
        var found = await Task.WhenAll(Enumerable.Range(0, buckets).Select(b => Bucket(tableName, b).FindAsync(column, hashes)));
        return [.. found.SelectMany(f => f.Rows)];
    }

    private ISilverBucketGrain Bucket(string tableName, int bucket) =>
        grains.GetGrain<ISilverBucketGrain>(SilverBucketKeys.GrainKey(tableName, buckets, bucket));

    /// <summary>
    /// Rewrites a table whose files are not all bucket files of this bucket count (a lake from before the buckets, or a
    /// changed count) into bucket files, as one commit that changes no data (dataChange=false).
    /// </summary>
    private async Task EnsureBucketedAsync(DeltaTable table, CancellationToken cancellationToken)
    {
        var tableName = table.TablePath[SilverTables.Directory.Length..];
        var prefixes = Enumerable.Range(0, buckets).Select(b => SilverBucketKeys.FilePrefix(buckets, b)).ToArray();
        var foreign = table.Snapshot.Files.Values.Where(f => !prefixes.Any(p => SilverBucketKeys.IsFileOf(f.Path, p))).ToList();
        if (foreign.Count == 0)
        {
            return;
        }

        var rows = new List<object?[]>();
        foreach (var file in foreign)
        {
            rows.AddRange(await table.ReadFileAsync(file, null, cancellationToken));
        }

        var adds = new List<AddFileAction>();
        var first = SilverBucketKeys.FirstKeyOrdinal(tableName);
        foreach (var group in rows.GroupBy(r => SilverBucketKeys.BucketOfKey(r[first] as string ?? string.Empty, buckets)))
        {
            adds.AddRange(await table.WriteDataFilesAsync(group.ToList(), prefixes[group.Key], dataChange: false, cancellationToken));
        }

        await table.CommitRearrangeAsync(adds, [.. foreign.Select(f => f.Path)], "REORG", cancellationToken);
    }
}
