using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Lakehouse;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Silver;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// A Bronze version larger than a batch, consumed in slices (docs/adr/silver-version-slices.md): contiguous runs of its
/// data files in arrival order, each applied like a batch under its own <see cref="SilverBatchKey"/>, so that a batch
/// never holds more than about <see cref="SilverOptions.MaxRowsPerBatch"/> rows (plus one data file). A slice before
/// the last commits the feed's slice txn; the last commits the feed's txn, so the cursor still means "last Bronze
/// version fully consumed".
/// </summary>
public sealed partial class SilverFeedGrain
{
    /// <summary>
    /// Records the slices of <paramref name="version"/> in the state (written by the caller, before any slice is
    /// applied, so a redo cuts the same ones). Not for <see cref="SilverRule.VersionsPerKey"/>: SCD2 applies each
    /// Bronze version's last row per provider, which a cut inside the version would change.
    /// </summary>
    private async Task PlanSlicesAsync(DatasetDefinition dataset, DeltaTable bronze, long version, CancellationToken cancellationToken)
    {
        if (dataset.Silver.Rule == SilverRule.VersionsPerKey)
        {
            return;
        }

        var files = await BronzeVersionFiles.ListAsync(storage, bronze, dataset, version, cancellationToken);
        if (files is null)
        {
            LogNotSliced(logger, dataset.BronzeTablePath, version);
            return;
        }

        var ends = VersionSlicePlan.Cut(files, options.Value.MaxRowsPerBatch);
        if (ends.Count > 1)
        {
            state.State.SliceFiles = [.. files.Select(f => f.Path)];
            state.State.SliceEnds = [.. ends];
        }
    }

    /// <summary>
    /// Applies the planned slices of <paramref name="version"/> that not every target table holds yet, in order.
    /// Counts are kept per slice and summed under the version; "superseded" also counts a key met again in a later
    /// slice of the version, as a batch of the whole version would.
    /// </summary>
    private async Task ConsumeSlicesAsync(
        DatasetDefinition dataset, DeltaTable bronze, IReadOnlyList<DeltaTable> targets, long version, CancellationToken cancellationToken)
    {
        var s = state.State;
        var slices = s.SliceEnds.Count;

        // Resume after the last slice every target holds: the Silver table may hold a slice whose refreshes did not commit.
        var done = slices - 1;
        foreach (var table in targets)
        {
            await table.RefreshAsync(cancellationToken);
            done = Math.Min(done, SilverBatchKey.SlicesCommitted(table.Snapshot.AppTransactions, AppId, version));
        }

        var keyOf = SupersedingKey(dataset.Silver);
        var seen = keyOf is null ? null : await KeysOfSlicesAsync(dataset, bronze, version, done, keyOf, cancellationToken);
        for (var slice = done; slice < slices; slice++)
        {
            var rows = BronzeVersionFiles.ReadAsync(storage, bronze, dataset, version, SliceFiles(slice), cancellationToken);
            var mine = new HashSet<UInt128>();
            if (keyOf is not null)
            {
                rows = CollectKeysAsync(rows, keyOf, mine);
            }

            var (counts, redo, ms) = await ProcessUnitAsync(dataset, SilverBatchKey.Slice(version, slice, slices), rows, cancellationToken);
            if (seen is not null)
            {
                counts = counts with { Superseded = counts.Superseded + mine.Count(seen.Contains) };
                seen.UnionWith(mine);
            }

            LogSliceConsumed(logger, dataset.BronzeTablePath, version, slice + 1, slices, ms);
            if (!redo || !s.SliceCounts.ContainsKey(slice))
            {
                s.SliceCounts[slice] = counts;
                s.Counts[version] = new VersionCounts(
                    s.SliceCounts.Values.Sum(c => c.RowsRead), s.SliceCounts.Values.Sum(c => c.NullKeysDropped),
                    s.SliceCounts.Values.Sum(c => c.DuplicatesIgnored), s.SliceCounts.Values.Sum(c => c.Superseded));
                await state.WriteStateAsync();
            }
        }
    }

    private List<string> SliceFiles(int slice)
    {
        var start = slice == 0 ? 0 : state.State.SliceEnds[slice - 1];
        return state.State.SliceFiles.GetRange(start, state.State.SliceEnds[slice] - start);
    }

    /// <summary>
    /// The key a row supersedes by, for the rules whose "superseded" count is per key within a version (null for
    /// first-occurrence tables, whose buckets already count a key of an earlier slice as a duplicate).
    /// </summary>
    private static Func<BronzeRow, string?>? SupersedingKey(SilverFeed feed) => feed.Rule switch
    {
        SilverRule.LatestPerKey when feed.Conform is { } conform => row => conform(row)?[0] as string,
        SilverRule.MaskedLatestPerKey => row => PatientRules.Mask(row)?.Id,
        _ => null,
    };

    /// <summary>The keys of the first <paramref name="slices"/> slices (hashed): read again from Bronze when a redo resumes inside the version.</summary>
    private async Task<HashSet<UInt128>> KeysOfSlicesAsync(
        DatasetDefinition dataset, DeltaTable bronze, long version, int slices, Func<BronzeRow, string?> keyOf, CancellationToken cancellationToken)
    {
        var keys = new HashSet<UInt128>();
        for (var slice = 0; slice < slices; slice++)
        {
            await foreach (var row in BronzeVersionFiles.ReadAsync(storage, bronze, dataset, version, SliceFiles(slice), cancellationToken))
            {
                if (keyOf(row) is { } key)
                {
                    keys.Add(SilverBucketIndex.Hash(key));
                }
            }
        }

        return keys;
    }

    private static async IAsyncEnumerable<BronzeRow> CollectKeysAsync(IAsyncEnumerable<BronzeRow> rows, Func<BronzeRow, string?> keyOf, HashSet<UInt128> keys)
    {
        await foreach (var row in rows)
        {
            if (keyOf(row) is { } key)
            {
                keys.Add(SilverBucketIndex.Hash(key));
            }

            yield return row;
        }
    }

    [LoggerMessage(EventId = GrainEventIds.SilverFeed.SliceConsumed, Level = LogLevel.Information, Message = "Silver feed of {Table} consumed slice {Slice} of {Slices} of Bronze version {Version} in {Ms} ms")]
    private static partial void LogSliceConsumed(ILogger logger, string table, long version, int slice, int slices, long ms);

    [LoggerMessage(EventId = GrainEventIds.SilverFeed.NotSliced, Level = LogLevel.Warning, Message = "Silver feed of {Table} consumes Bronze version {Version} whole although it exceeds a batch: its files are not a plain append in arrival order")]
    private static partial void LogNotSliced(ILogger logger, string table, long version);
}
