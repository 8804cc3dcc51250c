using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Tests.Conformance;

/// <summary>
/// No fixture has a multi-part checkpoint, so one is made from with_checkpoint's single checkpoint: its rows split in
/// two parts named as the protocol names them, the single file removed.
/// </summary>
public sealed class MultiPartCheckpointTests : IDisposable
{
    private readonly string _dir = Fixture.CopyToTemp("dat/with_checkpoint/delta");

    [Fact]
    public async Task Two_part_checkpoint_replays_like_the_single_one()
    {
        var log = Path.Combine(_dir, "_delta_log");
        var single = Path.Combine(log, "00000000000000000002.checkpoint.parquet");
        List<object?[]> rows = [];
        Schema.StructType schema;
        await using (var reader = await ParquetFileReader.CreateAsync(File.OpenRead(single), CancellationToken.None))
        {
            schema = reader.Schema;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                rows.AddRange(await reader.ReadRowGroupAsync(g, null, CancellationToken.None));
            }
        }

        File.Delete(single);
        var half = rows.Count / 2;
        await WritePartAsync(Path.Combine(log, "00000000000000000002.checkpoint.0000000001.0000000002.parquet"), schema, rows[..half]);
        await WritePartAsync(Path.Combine(log, "00000000000000000002.checkpoint.0000000002.0000000002.parquet"), schema, rows[half..]);

        var snapshot = await Snapshot.LoadAsync(new LocalLakeStorage(_dir), string.Empty, null, CancellationToken.None);
        Assert.Equal(2, snapshot.CheckpointVersion);
        Assert.Equal(await Fixture.DatExpectedAsync("with_checkpoint", "latest", "letter", "int", "date"), await Fixture.RowsAsync(snapshot, "letter", "int", "date"));

        // With a part missing the checkpoint is incomplete: replay falls back to the commits, which this table still has.
        File.Delete(Path.Combine(log, "00000000000000000002.checkpoint.0000000002.0000000002.parquet"));
        var listing = await DeltaLogListing.ListAsync(new LocalLakeStorage(_dir), string.Empty, CancellationToken.None);
        Assert.False(listing.Checkpoints[2].IsComplete);
        var fromCommits = await Snapshot.LoadAsync(new LocalLakeStorage(_dir), string.Empty, null, CancellationToken.None);
        Assert.Null(fromCommits.CheckpointVersion);
        Assert.Equal(await Fixture.RowsAsync(snapshot, "letter", "int", "date"), await Fixture.RowsAsync(fromCommits, "letter", "int", "date"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task WritePartAsync(string path, Schema.StructType schema, List<object?[]> rows)
    {
        await using var stream = File.Create(path);
        await ParquetFileWriter.WriteAsync(stream, schema, rows, null, CancellationToken.None);
    }
}
