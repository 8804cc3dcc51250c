using System.Text;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Tests.Azure;

public sealed class AzureBlobLakeStorageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Put_if_absent_lets_exactly_one_of_many_racing_writers_win()
    {
        var storage = await azurite.NewStorageAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => storage.PutIfAbsentAsync("_delta_log/00000000000000000001.json", Encoding.UTF8.GetBytes($"writer {i}"), default))));

        Assert.Single(results, r => r);
        var winner = Array.IndexOf(results, true);
        Assert.Equal($"writer {winner}", Encoding.UTF8.GetString(await storage.ReadAllBytesAsync("_delta_log/00000000000000000001.json", default)));
    }

    [Fact]
    public async Task Lists_by_prefix_in_ordinal_order_including_sub_folders_and_honours_the_root_prefix()
    {
        var storage = await azurite.NewStorageAsync("lake/tables");
        foreach (var path in new[] { "t/b.parquet", "t/_delta_log/2.json", "t/a=1/x.parquet", "t/_delta_log/10.json", "u/other" })
        {
            await storage.WriteAsync(path, new byte[] { 1, 2, 3 }, default);
        }

        var listed = new List<StorageEntry>();
        await foreach (var e in storage.ListAsync("t/", default))
        {
            listed.Add(e);
        }

        Assert.Equal(new[] { "t/_delta_log/10.json", "t/_delta_log/2.json", "t/a=1/x.parquet", "t/b.parquet" }, listed.Select(e => e.Path));
        Assert.All(listed, e => Assert.Equal(3, e.Size));
        Assert.EndsWith("/lake/tables", storage.Root, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_objects_raise_file_not_found_and_delete_is_idempotent()
    {
        var storage = await azurite.NewStorageAsync();
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => storage.ReadAllBytesAsync("nope/x.json", default));
        Assert.Contains("nope/x.json", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<FileNotFoundException>(() => storage.OpenReadAsync("nope/y.parquet", default));
        Assert.False(await storage.ExistsAsync("nope/x.json", default));

        await storage.WriteAsync("a/x", "one"u8.ToArray(), default);
        await storage.WriteAsync("a/x", "two"u8.ToArray(), default);
        Assert.False(await storage.PutIfAbsentAsync("a/x", "three"u8.ToArray(), default));
        Assert.Equal("two", Encoding.UTF8.GetString(await storage.ReadAllBytesAsync("a/x", default)));
        await using (var stream = await storage.OpenReadAsync("a/x", default))
        {
            Assert.True(stream.CanSeek);
            stream.Seek(1, SeekOrigin.Begin);
            Assert.Equal((int)'w', stream.ReadByte());
        }

        await storage.DeleteAsync("a/x", default);
        await storage.DeleteAsync("a/x", default);
        Assert.False(await storage.ExistsAsync("a/x", default));
    }
}
