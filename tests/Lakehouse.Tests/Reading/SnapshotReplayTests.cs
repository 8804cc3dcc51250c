using System.Text;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Tests.Reading;

/// <summary>Log replay on logs built here: incremental updates, checkpoints, and the opening-time budget.</summary>
public sealed class SnapshotReplayTests : IDisposable
{
    private static readonly StructType Schema = new([new StructField("id", PrimitiveType.Long)]);
    private readonly string _root = Directory.CreateTempSubdirectory("kf-replay-").FullName;

    [Fact]
    public async Task Update_replays_only_newer_commits()
    {
        var storage = new LocalLakeStorage(_root);
        await CommitAsync(storage, 0, new ProtocolAction(1, 2), Metadata(), Add("a"));
        await CommitAsync(storage, 1, Add("b"), new TxnAction("app", 7));
        var first = await Snapshot.LoadAsync(storage, "t", null, CancellationToken.None);
        Assert.Same(first, await first.UpdateAsync(CancellationToken.None));

        // Damage an already-replayed commit: an incremental update must not read it again.
        await File.WriteAllTextAsync(Path.Combine(_root, "t/_delta_log/00000000000000000001.json"), "{broken");
        await CommitAsync(storage, 2, new RemoveFileAction("a", 1, true), Add("c"), new TxnAction("app", 8));
        var updated = await first.UpdateAsync(CancellationToken.None);

        Assert.Equal(2, updated.Version);
        Assert.Equal(["b", "c"], updated.Files.Keys.Select(k => k.Path).Order(StringComparer.Ordinal));
        Assert.Equal(8, updated.AppTransactions["app"]);
        Assert.Equal(["a", "b"], first.Files.Keys.Select(k => k.Path).Order(StringComparer.Ordinal));
        Assert.Equal([0L, 1, 2], updated.CommitTimestamps.Select(c => c.Version));
    }

    [Fact]
    public async Task Add_and_remove_are_keyed_by_decoded_path_and_deletion_vector()
    {
        var storage = new LocalLakeStorage(_root);
        await CommitAsync(storage, 0, new ProtocolAction(1, 2), Metadata(), Add("x=A%252FA/f.parquet"), Add("g%20h.parquet"));
        await CommitAsync(storage, 1, new RemoveFileAction("g h.parquet", 1, true));
        var snapshot = await Snapshot.LoadAsync(storage, "t", null, CancellationToken.None);
        var key = Assert.Single(snapshot.Files.Keys);
        Assert.Equal(new ActiveFileKey("x=A%2FA/f.parquet", null), key);
        Assert.Equal("t/x=A%2FA/f.parquet", snapshot.ResolvePath(snapshot.Files[key].Path));
    }

    [Fact]
    public async Task Ignores_temp_hidden_and_checksum_files_and_stale_last_checkpoint()
    {
        var storage = new LocalLakeStorage(_root);
        await CommitAsync(storage, 0, new ProtocolAction(1, 2), Metadata(), Add("a"));
        await storage.WriteAsync("t/_delta_log/.tmp/00000000000000000001.json", "garbage"u8.ToArray(), CancellationToken.None);
        await storage.WriteAsync("t/_delta_log/.00000000000000000000.json.crc", "garbage"u8.ToArray(), CancellationToken.None);
        await storage.WriteAsync("t/_delta_log/00000000000000000000.crc", "garbage"u8.ToArray(), CancellationToken.None);
        await storage.WriteAsync("t/_delta_log/_last_checkpoint", "{\"version\":40,\"size\":1}"u8.ToArray(), CancellationToken.None);
        var snapshot = await Snapshot.LoadAsync(storage, "t", null, CancellationToken.None);
        Assert.Equal(0, snapshot.Version);
        Assert.Single(snapshot.Files);
    }

    [Fact]
    public async Task Opening_a_table_of_1000_commits_reads_the_newest_checkpoint_and_only_the_commits_after_it()
    {
        var storage = new LocalLakeStorage(_root);
        var table = await DeltaTable.CreateAsync(storage, "t", Schema, [], new Dictionary<string, string>(), CancellationToken.None);
        for (var i = 1; i <= 1000; i++)
        {
            await table.CommitAsync([Add($"part-{i:D5}.parquet")], "WRITE", null, null, CancellationToken.None);
        }

        var warm = await Snapshot.LoadAsync(storage, "t", null, CancellationToken.None);
        Assert.Equal(1000, warm.Version);
        Assert.Equal(1000, warm.Files.Count);
        Assert.NotNull(warm.CheckpointVersion);

        // What opening costs is what it reads: one checkpoint and the commits after it (fewer than the interval of 10),
        // never the 1000 commits. Counted, not timed: a timing would measure the machine's load.
        var counting = new CountingStorage(storage);
        var snapshot = await Snapshot.LoadAsync(counting, "t", null, CancellationToken.None);
        Assert.Equal(1000, snapshot.Files.Count);
        var reads = counting.Reads.ToList();
        Assert.Contains(reads, path => path.EndsWith(".checkpoint.parquet", StringComparison.Ordinal));
        Assert.True(reads.Count(path => path.EndsWith(".json", StringComparison.Ordinal) && !path.EndsWith("_last_checkpoint", StringComparison.Ordinal)) < 10,
            $"opening read {reads.Count} objects: {string.Join(", ", reads)}");

        // Time travel below the newest checkpoint still works and agrees with an incremental update.
        var old = await Snapshot.LoadAsync(storage, "t", 995, CancellationToken.None);
        Assert.Equal(995, old.Files.Count);
        var caughtUp = await old.UpdateAsync(CancellationToken.None);
        Assert.Equal(warm.Files.Keys.Select(k => k.Path).Order(StringComparer.Ordinal), caughtUp.Files.Keys.Select(k => k.Path).Order(StringComparer.Ordinal));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static MetadataAction Metadata() =>
        new("id-1", null, null, "parquet", SchemaJson.Serialize(Schema), Schema, [], new Dictionary<string, string>(), 0);

    private static AddFileAction Add(string path) => new(path, new Dictionary<string, string?>(), 1, 0, true);

    private static Task CommitAsync(ILakeStorage storage, long version, params DeltaAction[] actions) =>
        storage.PutIfAbsentAsync($"t/_delta_log/{version:D20}.json", DeltaLogJson.SerializeCommit(actions), CancellationToken.None);
}
