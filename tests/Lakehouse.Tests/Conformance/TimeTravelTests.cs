using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Tests.Conformance;

/// <summary>
/// Time travel by timestamp uses commit-file modification times (git does not keep them, so each test sets them on a
/// temporary copy exactly as delta-rs's time_travel.rs does).
/// </summary>
public sealed class TimeTravelTests : IDisposable
{
    private readonly List<string> _copies = [];

    [Theory]
    [InlineData("2020-05-01T00:47:31-07:00", 0)]
    [InlineData("2020-05-02T22:47:31-07:00", 1)]
    [InlineData("2020-05-02T23:47:31-07:00", 1)]
    [InlineData("2020-05-03T22:47:31-07:00", 2)]
    [InlineData("2020-05-04T22:47:31-07:00", 3)]
    [InlineData("2020-05-05T21:47:31-07:00", 3)]
    [InlineData("2020-05-05T22:47:31-07:00", 4)]
    [InlineData("2020-05-25T22:47:31-07:00", 4)]
    public async Task Simple_table_by_timestamp(string at, long expected)
    {
        var dir = Copy("delta-rs/simple_table");
        for (var v = 0; v <= 4; v++)
        {
            SetTime(dir, $"_delta_log/{v:D20}.json", $"2020-05-0{v + 1}T22:47:31-07:00");
        }

        SetTime(dir, "_delta_log/.tmp/00000000000000000005.json", "2020-05-06T22:47:31-07:00");
        var snapshot = await Snapshot.LoadAsOfAsync(new LocalLakeStorage(dir), string.Empty, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        Assert.Equal(expected, snapshot.Version);
        Assert.Equal(
            await Fixture.RowsAsync(await Fixture.LoadAsync("delta-rs/simple_table", expected), "id"),
            await Fixture.RowsAsync(snapshot, "id"));
    }

    [Theory]
    [InlineData("2020-05-02T00:47:31-07:00", 5)]
    [InlineData("2020-05-09T00:47:31-07:00", 10)]
    [InlineData("2020-06-01T00:00:00Z", 12)]
    public async Task Checkpoints_vacuumed_by_timestamp(string at, long expected)
    {
        var dir = Copy("delta-rs/checkpoints_vacuumed");
        SetTime(dir, "_delta_log/00000000000000000005.checkpoint.parquet", "2020-05-01T22:47:31-07:00");
        SetTime(dir, "_delta_log/00000000000000000005.json", "2020-05-02T22:47:31-07:00");
        SetTime(dir, "_delta_log/00000000000000000006.json", "2020-05-03T22:47:31-07:00");
        SetTime(dir, "_delta_log/00000000000000000007.json", "2020-05-04T22:47:31-07:00");
        SetTime(dir, "_delta_log/00000000000000000008.json", "2020-05-05T22:47:31-07:00");
        SetTime(dir, "_delta_log/00000000000000000009.json", "2020-05-06T22:47:31-07:00");
        SetTime(dir, "_delta_log/00000000000000000010.checkpoint.parquet", "2020-05-06T22:47:31-07:00");
        SetTime(dir, "_delta_log/00000000000000000010.json", "2020-05-08T22:47:31-07:00");
        SetTime(dir, "_delta_log/00000000000000000011.json", "2020-05-09T22:47:31-07:00");
        SetTime(dir, "_delta_log/00000000000000000012.json", "2020-05-10T22:47:31-07:00");
        var snapshot = await Snapshot.LoadAsOfAsync(new LocalLakeStorage(dir), string.Empty, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        Assert.Equal(expected, snapshot.Version);
        Assert.Equal(expected, snapshot.Files.Count);
    }

    [Fact]
    public async Task Snapshot_exposes_commit_timestamps_for_each_version()
    {
        var dir = Copy("delta-rs/simple_table");
        for (var v = 0; v <= 4; v++)
        {
            SetTime(dir, $"_delta_log/{v:D20}.json", $"2020-05-0{v + 1}T22:47:31-07:00");
        }

        var snapshot = await Snapshot.LoadAsync(new LocalLakeStorage(dir), string.Empty, 3, CancellationToken.None);
        Assert.Equal([0L, 1, 2, 3], snapshot.CommitTimestamps.Select(c => c.Version));
        Assert.Equal(DateTimeOffset.Parse("2020-05-04T22:47:31-07:00", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), snapshot.Timestamp);
    }

    public void Dispose()
    {
        foreach (var dir in _copies)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private string Copy(string table)
    {
        var dir = Fixture.CopyToTemp(table);
        _copies.Add(dir);
        return dir;
    }

    private static void SetTime(string dir, string relative, string at) =>
        File.SetLastWriteTimeUtc(Path.Combine(dir, relative), DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime);
}
