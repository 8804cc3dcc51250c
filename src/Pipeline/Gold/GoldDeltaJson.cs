using System.Globalization;
using System.Text.Json;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// A <see cref="GoldDelta"/> as JSON with typed values (each value a string with a type prefix), so it travels between
/// grains and sits in grain state whatever serializer the host configured, and reads back with the exact CLR types.
/// </summary>
public static class GoldDeltaJson
{
    public static string Serialize(GoldDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var tables = delta.Tables.ToDictionary(
            t => t,
            t => new[] { delta.Upserts(t).Select(Encode).ToArray(), delta.Deletes(t).Select(Encode).ToArray() },
            StringComparer.Ordinal);
        return JsonSerializer.Serialize(tables);
    }

    public static GoldDelta Deserialize(string? json)
    {
        var delta = new GoldDelta();
        if (string.IsNullOrEmpty(json))
        {
            return delta;
        }

        var tables = JsonSerializer.Deserialize<Dictionary<string, string?[][][]>>(json) ?? [];
        foreach (var (table, parts) in tables)
        {
            delta.AddRows(table, parts[0].Select(Decode), parts[1].Select(Decode));
        }

        return delta;
    }

    private static string?[] Encode(object?[] row) => row.Select(EncodeValue).ToArray();

    private static object?[] Decode(string?[] row) => row.Select(DecodeValue).ToArray();

    private static string? EncodeValue(object? value) => value switch
    {
        null => null,
        string s => "s" + s,
        long l => "l" + l.ToString(CultureInfo.InvariantCulture),
        int i => "i" + i.ToString(CultureInfo.InvariantCulture),
        double d => "d" + d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => "m" + m.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "b1" : "b0",
        DateOnly day => "D" + day.DayNumber.ToString(CultureInfo.InvariantCulture),
        DateTime t => "T" + t.Ticks.ToString(CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"Gold values of type {value.GetType().Name} are not supported."),
    };

    private static object? DecodeValue(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var body = text[1..];
        return text[0] switch
        {
            's' => body,
            'l' => long.Parse(body, CultureInfo.InvariantCulture),
            'i' => int.Parse(body, CultureInfo.InvariantCulture),
            'd' => double.Parse(body, CultureInfo.InvariantCulture),
            'm' => decimal.Parse(body, CultureInfo.InvariantCulture),
            'b' => body == "1",
            'D' => DateOnly.FromDayNumber(int.Parse(body, CultureInfo.InvariantCulture)),
            'T' => new DateTime(long.Parse(body, CultureInfo.InvariantCulture), DateTimeKind.Utc),
            _ => throw new InvalidDataException($"Unknown Gold value type '{text[0]}'."),
        };
    }
}
