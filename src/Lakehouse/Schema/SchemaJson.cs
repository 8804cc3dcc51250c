using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kardiaflow.Lakehouse.Schema;

/// <summary>
/// The Delta schema string (PROTOCOL.md "Schema Serialization Format") to and from <see cref="StructType"/>.
/// Unknown types are refused rather than guessed, because reading a type wrongly corrupts every value of the column.
/// </summary>
public static partial class SchemaJson
{
    public static StructType Parse(string schemaString)
    {
        ArgumentNullException.ThrowIfNull(schemaString);
        try
        {
            using var doc = JsonDocument.Parse(schemaString);
            return ParseType(doc.RootElement, null) as StructType
                ?? throw new FormatException("The schema's top-level type is not a struct.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"The schema string is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Parses one type element (a string for primitives, an object for nested types).</summary>
    public static DeltaType ParseType(JsonElement element, string? column)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return ParsePrimitive(element.GetString()!, column);
            case JsonValueKind.Object:
                var kind = RequiredString(element, "type");
                return kind switch
                {
                    "struct" => ParseStruct(element),
                    "array" => new ArrayType(
                        ParseType(Required(element, "elementType"), column),
                        OptionalBool(element, "containsNull") ?? true),
                    "map" => new MapType(
                        ParseType(Required(element, "keyType"), column),
                        ParseType(Required(element, "valueType"), column),
                        OptionalBool(element, "valueContainsNull") ?? true),
                    _ => throw UnsupportedTypeException.ForType(kind, column),
                };
            default:
                throw new FormatException($"Unexpected JSON {element.ValueKind} where a type was expected{(column is null ? string.Empty : $" (column '{column}')")}.");
        }
    }

    public static string Serialize(StructType schema)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteType(writer, schema);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static void WriteType(Utf8JsonWriter writer, DeltaType type)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (type)
        {
            case StructType s:
                writer.WriteStartObject();
                writer.WriteString("type", "struct");
                writer.WriteStartArray("fields");
                foreach (var field in s.Fields)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", field.Name);
                    writer.WritePropertyName("type");
                    WriteType(writer, field.Type);
                    writer.WriteBoolean("nullable", field.Nullable);
                    writer.WriteStartObject("metadata");
                    foreach (var (key, raw) in field.Metadata ?? EmptyMetadata)
                    {
                        writer.WritePropertyName(key);
                        writer.WriteRawValue(raw);
                    }

                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case ArrayType a:
                writer.WriteStartObject();
                writer.WriteString("type", "array");
                writer.WritePropertyName("elementType");
                WriteType(writer, a.ElementType);
                writer.WriteBoolean("containsNull", a.ContainsNull);
                writer.WriteEndObject();
                break;
            case MapType m:
                writer.WriteStartObject();
                writer.WriteString("type", "map");
                writer.WritePropertyName("keyType");
                WriteType(writer, m.KeyType);
                writer.WritePropertyName("valueType");
                WriteType(writer, m.ValueType);
                writer.WriteBoolean("valueContainsNull", m.ValueContainsNull);
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(type.TypeName);
                break;
        }
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();

    private static DeltaType ParsePrimitive(string name, string? column)
    {
        if (PrimitiveType.FromName(name) is { } primitive)
        {
            return primitive;
        }

        // Spark writes "decimal" alone for the default decimal(10,0).
        if (name == "decimal")
        {
            return new DecimalType(10, 0);
        }

        var match = DecimalPattern().Match(name);
        if (match.Success)
        {
            var precision = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var scale = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (precision is < 1 or > 38 || scale < 0 || scale > precision)
            {
                throw UnsupportedTypeException.ForType(name, column);
            }

            return new DecimalType(precision, scale);
        }

        throw UnsupportedTypeException.ForType(name, column);
    }

    private static StructType ParseStruct(JsonElement element)
    {
        var fields = new List<StructField>();
        foreach (var f in Required(element, "fields").EnumerateArray())
        {
            var name = RequiredString(f, "name");
            var type = ParseType(Required(f, "type"), name);
            var nullable = OptionalBool(f, "nullable") ?? true;
            Dictionary<string, string>? metadata = null;
            if (f.TryGetProperty("metadata", out var md) && md.ValueKind == JsonValueKind.Object)
            {
                metadata = [];
                foreach (var p in md.EnumerateObject())
                {
                    metadata[p.Name] = p.Value.GetRawText();
                }
            }

            fields.Add(new StructField(name, type, nullable, metadata));
        }

        return new StructType(fields);
    }

    private static JsonElement Required(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value
            : throw new FormatException($"Schema element is missing '{name}': {element.GetRawText()}");

    private static string RequiredString(JsonElement element, string name) =>
        Required(element, name) is { ValueKind: JsonValueKind.String } v
            ? v.GetString()!
            : throw new FormatException($"Schema element '{name}' is not a string: {element.GetRawText()}");

    private static bool? OptionalBool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    [GeneratedRegex(@"^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$")]
    private static partial Regex DecimalPattern();
}
