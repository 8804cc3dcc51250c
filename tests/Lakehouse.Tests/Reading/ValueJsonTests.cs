using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Values;

namespace Kardiaflow.Lakehouse.Tests.Reading;

/// <summary>The one value-to-JSON spelling that <c>lake read</c> and <c>_rescued_data</c> share.</summary>
public sealed class ValueJsonTests
{
    [Fact]
    public void Every_integer_type_is_a_number_and_non_finite_floats_are_strings()
    {
        Assert.Equal("[1,-2,3,4,5,6,7,8]", ValueJson.ToJson(new List<object?> { (sbyte)1, (short)-2, 3, 4L, (byte)5, (ushort)6, 7u, 8ul }));
        Assert.Equal("[\"NaN\",\"Infinity\",\"-Infinity\",1.5]", ValueJson.ToJson(new List<object?> { double.NaN, double.PositiveInfinity, float.NegativeInfinity, 1.5 }));
    }

    [Fact]
    public void A_long_inside_a_struct_or_an_untyped_map_is_a_number()
    {
        var type = new StructType([new StructField("id", PrimitiveType.Long), new StructField("s", PrimitiveType.Short)]);
        Assert.Equal("{\"id\":9007199254740993,\"s\":-3}", ValueJson.ToJson(new object?[] { 9007199254740993L, (short)-3 }, type));
        Assert.Equal("{\"n\":42,\"x\":null}", ValueJson.ToJson(new Dictionary<string, object?> { ["n"] = 42L, ["x"] = null }));
    }

    [Fact]
    public void Dates_timestamps_decimals_and_binary_have_one_spelling()
    {
        var instant = new DateTime(2024, 3, 1, 12, 30, 0, DateTimeKind.Utc).AddTicks(5);
        Assert.Equal("\"2024-03-01T12:30:00.0000005Z\"", ValueJson.ToJson(instant, PrimitiveType.Timestamp));
        Assert.Equal("\"2024-03-01T00:00:00Z\"", ValueJson.ToJson(new DateTime(2024, 3, 1), PrimitiveType.Timestamp));
        Assert.Equal("\"2024-03-01\"", ValueJson.ToJson(new DateOnly(2024, 3, 1), PrimitiveType.Date));
        Assert.Equal("12.30", ValueJson.ToJson(12.3m, new DecimalType(10, 2)));
        Assert.Equal("\"AQI=\"", ValueJson.ToJson(new byte[] { 1, 2 }, PrimitiveType.Binary));
        Assert.Equal("{\"1\":\"a\"}", ValueJson.ToJson(new Dictionary<object, object?> { [1] = "a" }, new MapType(PrimitiveType.Integer, PrimitiveType.String, true)));
    }
}
