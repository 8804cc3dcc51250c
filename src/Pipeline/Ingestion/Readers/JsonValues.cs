using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>Conversions from JSON values (JSONL fields, and nested values of other formats) to Bronze values.</summary>
internal static class JsonValues
{
    /// <summary>Keeps non-ASCII text readable in <c>_rescued_data</c> and <c>metadata_json</c>; these are data, not HTML.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static bool TryStringList(JsonElement element, out object? value)
    {
        value = null;
        if (element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var list = new List<object?>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            list.Add(item.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => item.GetRawText(),
                _ => Compact(item),
            });
        }

        value = list;
        return true;
    }

    /// <summary>Compact JSON text of an element: how nested values land in string columns.</summary>
    public static string Compact(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            element.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string NumberText(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
