using Kardiaflow.Lakehouse.Reading;

namespace Kardiaflow.Lakehouse.Tests.Conformance;

/// <summary>Tables that need reader features we do not implement are refused with the feature's name.</summary>
public sealed class UnsupportedFeatureTests
{
    [Theory]
    [InlineData("delta-rs/table-with-dv-small", "deletionVectors")]
    [InlineData("delta-rs/table_with_column_mapping", "columnMapping")]
    [InlineData("delta-golden/dv-with-columnmapping", "deletionVectors")]
    public async Task Unsupported_tables_fail_naming_the_feature(string table, string feature)
    {
        var e = await Assert.ThrowsAsync<UnsupportedFeatureException>(() => Fixture.LoadAsync(table));
        Assert.Equal(feature, e.Feature);
        Assert.Contains($"'{feature}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_still_works_on_unsupported_tables()
    {
        var history = await TableHistory.ReadAsync(Fixture.Storage("delta-rs/table-with-dv-small"), string.Empty, null, CancellationToken.None);
        Assert.Equal([1L, 0L], history.Select(h => h.Version));
        Assert.Equal("DELETE", history[0].CommitInfo?.Operation);
    }
}
