using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Lakehouse.Tests.Reading;

public sealed class SchemaJsonTests
{
    [Fact]
    public void Parses_and_serializes_every_type_with_field_metadata()
    {
        var schema = new StructType(
        [
            new StructField("s", PrimitiveType.String, false, new Dictionary<string, string> { ["comment"] = "\"a name\"", ["delta.columnMapping.id"] = "3" }),
            new StructField("l", PrimitiveType.Long), new StructField("i", PrimitiveType.Integer), new StructField("sh", PrimitiveType.Short),
            new StructField("b", PrimitiveType.Byte), new StructField("f", PrimitiveType.Float), new StructField("d", PrimitiveType.Double),
            new StructField("bo", PrimitiveType.Boolean), new StructField("bi", PrimitiveType.Binary), new StructField("da", PrimitiveType.Date),
            new StructField("ts", PrimitiveType.Timestamp), new StructField("dec", new DecimalType(38, 18)),
            new StructField("arr", new ArrayType(new StructType([new StructField("x", PrimitiveType.Integer)]), false)),
            new StructField("map", new MapType(PrimitiveType.String, new ArrayType(PrimitiveType.Long, true), true)),
        ]);
        var json = SchemaJson.Serialize(schema);
        Assert.Contains("\"type\":\"decimal(38,18)\"", json, StringComparison.Ordinal);
        Assert.Contains("\"metadata\":{\"comment\":\"a name\",\"delta.columnMapping.id\":3}", json, StringComparison.Ordinal);
        Assert.Contains("{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":{\"type\":\"array\",\"elementType\":\"long\",\"containsNull\":true},\"valueContainsNull\":true}", json, StringComparison.Ordinal);
        var back = SchemaJson.Parse(json);
        Assert.Equal(schema, back);
        Assert.Equal(json, SchemaJson.Serialize(back));
        Assert.Equal("3", back["s"].Metadata!["delta.columnMapping.id"]);
    }

    [Theory]
    [InlineData("timestamp_ntz", "timestampNtz")]
    [InlineData("variant", "variantType")]
    [InlineData("interval", "interval")]
    [InlineData("decimal(39,2)", "decimal(39,2)")]
    public void Refuses_unknown_types_naming_them(string type, string feature)
    {
        var json = "{\"type\":\"struct\",\"fields\":[{\"name\":\"c\",\"type\":\"" + type + "\",\"nullable\":true,\"metadata\":{}}]}";
        var e = Assert.Throws<UnsupportedTypeException>(() => SchemaJson.Parse(json));
        Assert.Equal(type, e.TypeName);
        Assert.Equal(feature, e.Feature);
        Assert.Contains($"'{type}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'c'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_nested_unknown_types()
    {
        const string json = """{"type":"struct","fields":[{"name":"c","type":{"type":"array","elementType":"timestamp_ntz","containsNull":true},"nullable":true,"metadata":{}}]}""";
        Assert.Equal("timestamp_ntz", Assert.Throws<UnsupportedTypeException>(() => SchemaJson.Parse(json)).TypeName);
    }

    [Fact]
    public void Malformed_schema_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => SchemaJson.Parse("{\"type\":\"struct\""));
        Assert.Throws<FormatException>(() => SchemaJson.Parse("{\"type\":\"struct\",\"fields\":[{\"type\":\"long\"}]}"));
    }
}
