using Kardiaflow.Pipeline.Checks;

namespace Kardiaflow.Pipeline.Tests.Checks;

/// <summary>The hash-first duplicate count: exact counts, nulls ignored, and a second scan only when a hash repeats.</summary>
public sealed class DuplicateKeysTests
{
    [Fact]
    public async Task Distinct_keys_count_no_duplicate_after_one_scan()
    {
        var scans = 0;
        var count = await DuplicateKeys.ScanAsync(() => { scans++; return Keys("E1", null, "E2", "E3", null); }, CancellationToken.None);

        Assert.Equal(0, count);
        Assert.Equal(1, scans);
    }

    [Fact]
    public async Task Each_value_occurring_more_than_once_counts_once()
    {
        var scans = 0;
        var keys = Enumerable.Range(0, 50_000).Select(i => $"E{i}").Concat(["E7", "E7", "E42", null, null]).ToArray();
        var count = await DuplicateKeys.ScanAsync(() => { scans++; return Keys(keys); }, CancellationToken.None);

        Assert.Equal(2, count);
        Assert.Equal(2, scans);
    }

    private static async IAsyncEnumerable<string?> Keys(params string?[] keys)
    {
        foreach (var key in keys)
        {
            await Task.Yield();
            yield return key;
        }
    }
}
