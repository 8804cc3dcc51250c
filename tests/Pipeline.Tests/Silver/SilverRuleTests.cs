using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Pipeline.Tests.Silver;

/// <summary>The docs/data-contract.md (Silver) value rules and the SCD2 step, without Orleans.</summary>
public sealed class SilverRuleTests
{
    [Theory]
    [InlineData("2025-01-13T16:48:05+02:00", "2025-01-13T14:48:05.0000000Z", "offset")]
    [InlineData("2025-01-13T16:48:05Z", "2025-01-13T16:48:05.0000000Z", "offset")]
    [InlineData("2025-01-13T16:48:05-0330", "2025-01-13T20:18:05.0000000Z", "offset")]
    [InlineData("2025-01-13T16:48:05+05", "2025-01-13T11:48:05.0000000Z", "offset")]
    [InlineData("2025-01-13T16:48:05.538221", "2025-01-13T16:48:05.5382210Z", "naive")]
    [InlineData("2025-01-13 16:48", "2025-01-13T16:48:00.0000000Z", "naive")]
    [InlineData("2025-01-13", "2025-01-13T00:00:00.0000000Z", "naive")]
    public void Feedback_timestamps_become_UTC_instants_with_their_source(string text, string utc, string source)
    {
        var (instant, kind) = FeedbackTimestamp.Parse(text);
        Assert.Equal(utc, instant!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeKind.Utc, instant.Value.Kind);
        Assert.Equal(source, kind);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2025-01-13-03")]
    [InlineData("2025-13-01T00:00:00")]
    [InlineData(null)]
    public void Unparseable_timestamps_are_null(string? text) => Assert.Equal((null, null), FeedbackTimestamp.Parse(text));

    [Fact]
    public void Codes_are_plain_digits_and_NaN_is_null()
    {
        Assert.Equal("195967001", SilverValues.PlainNumber(195967001d));
        Assert.Equal("1234567890123456", SilverValues.PlainNumber(1.234567890123456e15));
        Assert.Null(SilverValues.PlainNumber(double.NaN));
        Assert.Null(SilverValues.PlainNumber(null));
        Assert.Equal("410620009", SilverValues.Digits(410620009L));
        Assert.Equal(1975, SilverValues.BirthYear("1975-06-01"));
        Assert.Null(SilverValues.BirthYear("1990-13-45"));
        Assert.Null(SilverValues.IsoDate("01/02/2024"));
    }

    [Fact]
    public void Metadata_values_become_strings()
    {
        var map = FeedbackRules.Metadata("""{"a":"x","n":3,"b":true,"z":null,"o":{"k":1}}""")!;
        Assert.Equal("x", map["a"]);
        Assert.Equal("3", map["n"]);
        Assert.Equal("true", map["b"]);
        Assert.Null(map["z"]);
        Assert.Equal("""{"k":1}""", map["o"]);
        Assert.Null(FeedbackRules.Metadata("[1]"));
        Assert.Null(FeedbackRules.Metadata("not json"));
    }

    [Fact]
    public void Scd2_opens_closes_and_ignores_unchanged_rows_with_null_safe_comparison()
    {
        var t1 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var t2 = t1.AddDays(1);
        var t3 = t2.AddDays(1);
        ProviderRecord Row(string? specialty, string? location, DateTime at, long version) =>
            new("P1", specialty, location, at, "b", new ArrivalOrder(version, "providers/p.tsv", 1));

        var first = ProviderScd2.Apply([], Row("Cardiology", null, t1, 1));
        Assert.Single(first.Changed);
        var same = ProviderScd2.Apply(first.History, Row("Cardiology", null, t2, 2));
        Assert.Empty(same.Changed);
        var moved = ProviderScd2.Apply(same.History, Row("Cardiology", "Springfield", t3, 3));
        Assert.Equal(2, moved.Changed.Count);
        Assert.Equal(2, moved.History.Count);
        Assert.Equal(t3, moved.History[0].EffEnd);
        Assert.False(moved.History[0].IsCurrent);
        Assert.Equal(t3, moved.History[1].EffStart);
        Assert.Single(moved.History, v => v.IsCurrent);

        var last = ProviderScd2.LastPerProvider([Row("A", null, t1, 1) with { Arrival = new(1, "providers/p.tsv", 2) }, Row("B", null, t1, 1)]);
        Assert.Equal("A", Assert.Single(last).Specialty);
    }
}
