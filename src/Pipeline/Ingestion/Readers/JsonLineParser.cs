using System.Buffers;
using System.Text;
using System.Text.Json;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// Turns one JSON line into a Bronze row or a quarantined record. Nested values: into a string column they go
/// as compact JSON text (this is how feedback's <c>metadata</c> becomes <c>metadata_json</c>), into an
/// array&lt;string&gt; column an array's elements become strings, anywhere else they are rescued verbatim.
/// </summary>
internal sealed class JsonLineParser
{
    private readonly RowBuilder _builder;
    private readonly DatasetDefinition _dataset;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly DeltaType[] _types;
    private readonly string[] _columnNames;
    private char[] _chars = new char[256];

    public JsonLineParser(RowBuilder builder)
    {
        _builder = builder;
        _dataset = builder.Dataset;
        _lookup = _dataset.BindingLookup;
        _types = new DeltaType[_dataset.RawColumnCount];
        _columnNames = new string[_dataset.RawColumnCount];
        for (var i = 0; i < _types.Length; i++)
        {
            _types[i] = _dataset.RawSchema.Fields[i].Type;
            _columnNames[i] = _dataset.RawSchema.Fields[i].Name;
        }
    }

    public void Process(ReadOnlySpan<byte> line, long row)
    {
        var raw = line.TrimEnd((byte)'\r');
        if (!JsonLinesRecordSource.IsValidUtf8(raw))
        {
            _builder.Quarantine(row, "The line is not valid UTF-8 text.", raw);
            return;
        }

        string? problem;
        try
        {
            problem = ParseObject(raw, row);
        }
        catch (JsonException e)
        {
            // The exception text can quote the input; report only the position.
            problem = $"The line is not valid JSON (syntax error at character {e.BytePositionInLine ?? 0}).";
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json reads "\ud800" (a lone surrogate escape) as a token but refuses to make a string of it.
            problem = "The line holds an escaped string that is not valid Unicode (a lone surrogate).";
        }

        if (problem is not null)
        {
            _builder.Quarantine(row, problem, raw);
        }
        else if (!_builder.TryCommit())
        {
            _builder.Quarantine(row, _builder.MissingKeyReason, raw);
        }
    }

    /// <summary>Fills the builder's current row; returns a reason when the line is not a JSON object.</summary>
    private string? ParseObject(ReadOnlySpan<byte> line, long row)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read())
        {
            return "The line is not valid JSON.";
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return $"The line is a JSON {Describe(reader.TokenType)}, not a JSON object.";
        }

        _builder.Begin(row);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = LookupColumn(ref reader, out var unknownName);
            reader.Read();
            if (column >= 0)
            {
                SetColumn(ref reader, column, line);
            }
            else
            {
                RescueValue(ref reader, unknownName!, line);
            }
        }

        if (reader.Read())
        {
            return "The line has content after its JSON object.";
        }

        return null;
    }

    private int LookupColumn(ref Utf8JsonReader reader, out string? unknownName)
    {
        unknownName = null;
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (_chars.Length < length)
        {
            _chars = new char[Math.Max(length, _chars.Length * 2)];
        }

        var written = reader.CopyString(_chars);
        var name = _chars.AsSpan(0, written);
        if (_lookup.TryGetValue(name, out var column))
        {
            return column;
        }

        unknownName = name.ToString();
        return -1;
    }

    private void SetColumn(ref Utf8JsonReader reader, int column, ReadOnlySpan<byte> line)
    {
        var type = _types[column];
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                _builder.SetValue(column, null);
                return;
            case JsonTokenType.String:
                if (ReferenceEquals(type, PrimitiveType.String))
                {
                    _builder.SetValue(column, reader.GetString());
                }
                else
                {
                    _builder.SetText(column, reader.GetString());
                }

                return;
            case JsonTokenType.Number:
                if (TryNumber(ref reader, type, out var number))
                {
                    _builder.SetValue(column, number);
                }
                else
                {
                    _builder.RescueJson(_columnNames[column], reader.ValueSpan);
                }

                return;
            case JsonTokenType.True:
            case JsonTokenType.False:
                var flag = reader.TokenType == JsonTokenType.True;
                if (ReferenceEquals(type, PrimitiveType.Boolean))
                {
                    _builder.SetValue(column, flag);
                }
                else if (ReferenceEquals(type, PrimitiveType.String))
                {
                    _builder.SetValue(column, flag ? "true" : "false");
                }
                else
                {
                    _builder.RescueJson(_columnNames[column], reader.ValueSpan);
                }

                return;
            default:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var nested = line[start..(int)reader.BytesConsumed];
                SetNested(column, type, nested);
                return;
        }
    }

    private void SetNested(int column, DeltaType type, ReadOnlySpan<byte> nested)
    {
        if (type is ArrayType && TryStringArray(nested, out var strings))
        {
            _builder.SetValue(column, strings);
            return;
        }

        using var document = JsonDocument.Parse(nested.ToArray());
        if (ReferenceEquals(type, PrimitiveType.String))
        {
            _builder.SetValue(column, JsonValues.Compact(document.RootElement));
        }
        else if (type is ArrayType && JsonValues.TryStringList(document.RootElement, out var list))
        {
            _builder.SetValue(column, list);
        }
        else
        {
            _builder.RescueJson(_columnNames[column], document.RootElement);
        }
    }

    /// <summary>
    /// The common case of an array&lt;string&gt; column, an array of strings and nulls, read without building a
    /// <see cref="JsonDocument"/>; false for anything else (the document path handles it).
    /// </summary>
    private static bool TryStringArray(ReadOnlySpan<byte> nested, out List<object?>? list)
    {
        list = null;
        var reader = new Utf8JsonReader(nested, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var values = new List<object?>(4);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    values.Add(reader.GetString());
                    break;
                case JsonTokenType.Null:
                    values.Add(null);
                    break;
                case JsonTokenType.EndArray:
                    list = values;
                    return true;
                default:
                    return false;
            }
        }

        return false;
    }

    private void RescueValue(ref Utf8JsonReader reader, string name, ReadOnlySpan<byte> line)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return;
            case JsonTokenType.String:
                _builder.RescueText(name, reader.GetString());
                return;
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                using (var document = JsonDocument.Parse(line[start..(int)reader.BytesConsumed].ToArray()))
                {
                    _builder.RescueJson(name, document.RootElement);
                }

                return;
            default:
                _builder.RescueJson(name, reader.ValueSpan);
                return;
        }
    }

    private static bool TryNumber(ref Utf8JsonReader reader, DeltaType type, out object? value)
    {
        value = null;
        if (ReferenceEquals(type, PrimitiveType.Long) && reader.TryGetInt64(out var l))
        {
            value = l;
        }
        else if (ReferenceEquals(type, PrimitiveType.Integer) && reader.TryGetInt32(out var i))
        {
            value = i;
        }
        else if (ReferenceEquals(type, PrimitiveType.Double) && reader.TryGetDouble(out var d))
        {
            value = d;
        }
        else if (ReferenceEquals(type, PrimitiveType.Float) && reader.TryGetSingle(out var f))
        {
            value = f;
        }
        else if (ReferenceEquals(type, PrimitiveType.Short) && reader.TryGetInt16(out var s))
        {
            value = s;
        }
        else if (ReferenceEquals(type, PrimitiveType.Byte) && reader.TryGetSByte(out var b))
        {
            value = b;
        }
        else if (type is DecimalType && reader.TryGetDecimal(out var m))
        {
            value = m;
        }
        else if (ReferenceEquals(type, PrimitiveType.String))
        {
            // Keep the number exactly as written (no float round trip).
            value = Encoding.UTF8.GetString(reader.ValueSpan);
        }

        return value is not null;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => "value",
    };
}
