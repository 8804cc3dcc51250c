using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Tests.Conformance;

namespace Kardiaflow.Lakehouse.Tests.Reading;

/// <summary>Broken tables give typed errors that name what is broken.</summary>
public sealed class ReadingErrorTests : IDisposable
{
    private readonly string _dir = Fixture.CopyToTemp("dat/basic_append/delta");

    [Fact]
    public async Task Truncated_commit_file_names_the_file_and_line()
    {
        var commit = Path.Combine(_dir, "_delta_log", "00000000000000000001.json");
        var lines = await File.ReadAllLinesAsync(commit);
        // Cut the last line in half, as a writer dying mid-write without atomic rename would leave it.
        var truncated = string.Join('\n', lines[..^1]) + "\n" + lines[^1][..(lines[^1].Length / 2)];
        await File.WriteAllTextAsync(commit, truncated);

        var e = await Assert.ThrowsAsync<CorruptLogException>(() => Snapshot.LoadAsync(new LocalLakeStorage(_dir), string.Empty, null, CancellationToken.None));
        Assert.Equal("_delta_log/00000000000000000001.json", e.FilePath);
        Assert.Equal(lines.Length, e.Line);
        Assert.Contains("00000000000000000001.json", e.Message, StringComparison.Ordinal);
        Assert.Contains($"line {lines.Length}", e.Message, StringComparison.Ordinal);

        // The versions before the damage still read.
        var v0 = await Snapshot.LoadAsync(new LocalLakeStorage(_dir), string.Empty, 0, CancellationToken.None);
        Assert.Equal(3, (await Fixture.RowsAsync(v0)).Count);
    }

    [Fact]
    public async Task Missing_data_file_names_the_path()
    {
        var storage = new LocalLakeStorage(_dir);
        var snapshot = await Snapshot.LoadAsync(storage, string.Empty, null, CancellationToken.None);
        var victim = snapshot.Files.Keys.Select(k => k.Path).Order(StringComparer.Ordinal).Last();
        File.Delete(Path.Combine(_dir, victim));

        var e = await Assert.ThrowsAsync<MissingDataFileException>(async () =>
        {
            await foreach (var _ in TableReader.Read(snapshot, CancellationToken.None).Rows)
            {
            }
        });
        Assert.Equal(victim, e.FilePath);
        Assert.Contains(victim, e.Message, StringComparison.Ordinal);
        Assert.Contains("version 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Folder_without_a_log_is_table_not_found()
    {
        var empty = Directory.CreateTempSubdirectory("kf-empty-").FullName;
        try
        {
            var e = await Assert.ThrowsAsync<TableNotFoundException>(() => Snapshot.LoadAsync(new LocalLakeStorage(empty), string.Empty, null, CancellationToken.None));
            Assert.Contains(empty, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, true);
        }
    }

    [Fact]
    public async Task Version_after_the_latest_is_version_not_found()
    {
        var e = await Assert.ThrowsAsync<VersionNotFoundException>(() => Snapshot.LoadAsync(new LocalLakeStorage(_dir), string.Empty, 7, CancellationToken.None));
        Assert.Equal(7, e.RequestedVersion);
        Assert.Contains("0 to 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_commit_in_the_middle_is_corrupt_log()
    {
        File.Delete(Path.Combine(_dir, "_delta_log", "00000000000000000000.json"));
        File.Copy(Path.Combine(_dir, "_delta_log", "00000000000000000001.json"), Path.Combine(_dir, "_delta_log", "00000000000000000002.json"));
        File.Delete(Path.Combine(_dir, "_delta_log", "00000000000000000001.json"));
        // Only version 2 is left and no checkpoint: nothing is reconstructable.
        await Assert.ThrowsAnyAsync<DeltaLakeException>(() => Snapshot.LoadAsync(new LocalLakeStorage(_dir), string.Empty, null, CancellationToken.None));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
