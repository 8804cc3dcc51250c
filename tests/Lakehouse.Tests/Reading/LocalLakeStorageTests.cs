using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Tests.Reading;

public sealed class LocalLakeStorageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kf-storage-").FullName;

    [Fact]
    public async Task Write_read_list_delete()
    {
        var storage = new LocalLakeStorage(_root);
        await storage.WriteAsync("t/_delta_log/00000000000000000001.json", "b"u8.ToArray(), CancellationToken.None);
        await storage.WriteAsync("t/_delta_log/00000000000000000000.json", "a"u8.ToArray(), CancellationToken.None);
        await storage.WriteAsync("t/x=1/part.parquet", "p"u8.ToArray(), CancellationToken.None);
        await storage.WriteAsync("t/_delta_log/00000000000000000000.json", "A"u8.ToArray(), CancellationToken.None);

        Assert.Equal("A"u8.ToArray(), await storage.ReadAllBytesAsync("t/_delta_log/00000000000000000000.json", CancellationToken.None));
        var listed = new List<StorageEntry>();
        await foreach (var entry in storage.ListAsync("t/", CancellationToken.None))
        {
            listed.Add(entry);
        }

        Assert.Equal(["t/_delta_log/00000000000000000000.json", "t/_delta_log/00000000000000000001.json", "t/x=1/part.parquet"], listed.Select(e => e.Path));
        Assert.Equal(1, listed[0].Size);
        Assert.Empty(Directory.GetFiles(_root, ".kf-tmp-*", SearchOption.AllDirectories));

        await storage.DeleteAsync("t/x=1/part.parquet", CancellationToken.None);
        await storage.DeleteAsync("t/x=1/part.parquet", CancellationToken.None);
        await storage.DeleteAsync("nowhere/at/all", CancellationToken.None);
        Assert.False(await storage.ExistsAsync("t/x=1/part.parquet", CancellationToken.None));
    }

    [Fact]
    public async Task Missing_objects_raise_file_not_found_with_the_path()
    {
        var storage = new LocalLakeStorage(_root);
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => storage.ReadAllBytesAsync("no/such.json", CancellationToken.None));
        Assert.Contains("no/such.json", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<FileNotFoundException>(() => storage.OpenReadAsync("no/such.json", CancellationToken.None));
        await foreach (var _ in storage.ListAsync("no/such/", CancellationToken.None))
        {
            Assert.Fail("listing a missing folder returns nothing");
        }
    }

    [Fact]
    public async Task Put_if_absent_has_exactly_one_winner_among_racing_writers()
    {
        for (var round = 0; round < 20; round++)
        {
            var path = $"t/_delta_log/{round:D20}.json";
            using var start = new ManualResetEventSlim();
            var tasks = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                var storage = new LocalLakeStorage(_root);
                start.Wait();
                return (await storage.PutIfAbsentAsync(path, new[] { (byte)('a' + i) }, CancellationToken.None), i);
            })).ToList();
            start.Set();
            var results = await Task.WhenAll(tasks);
            var winner = Assert.Single(results, r => r.Item1);
            Assert.Equal(new[] { (byte)('a' + winner.i) }, await File.ReadAllBytesAsync(Path.Combine(_root, path)));
        }

        Assert.Empty(Directory.GetFiles(_root, ".kf-tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Put_if_absent_never_replaces()
    {
        var storage = new LocalLakeStorage(_root);
        Assert.True(await storage.PutIfAbsentAsync("a.json", "1"u8.ToArray(), CancellationToken.None));
        Assert.False(await storage.PutIfAbsentAsync("a.json", "2"u8.ToArray(), CancellationToken.None));
        Assert.Equal("1"u8.ToArray(), await storage.ReadAllBytesAsync("a.json", CancellationToken.None));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    public async Task Paths_cannot_leave_the_root(string path)
    {
        var storage = new LocalLakeStorage(_root);
        await Assert.ThrowsAsync<ArgumentException>(() => storage.WriteAsync(path, "x"u8.ToArray(), CancellationToken.None));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
