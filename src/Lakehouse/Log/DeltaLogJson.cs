using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kardiaflow.Lakehouse.Log;

/// <summary>
/// Commit files (<c>_delta_log/NNN.json</c>): one JSON object per line, each wrapping one action under its protocol
/// name (<c>add</c>, <c>remove</c>, <c>cdc</c>, <c>metaData</c>, <c>protocol</c>, <c>txn</c>, <c>commitInfo</c>).
/// Actions we do not model (domainMetadata, checkpointMetadata, sidecar, ...) are skipped on read: they carry nothing a
/// reader of the table's rows needs, and the feature gate refuses the tables where they would matter.
/// </summary>
public static class DeltaLogJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Relaxed escaping keeps stats and paths readable; it is still plain RFC 8259 JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary>Parses a whole commit file. <paramref name="filePath"/> only names the file in errors.</summary>
    /// <exception cref="CorruptLogException">A line is not a JSON object or an action misses a required field.</exception>
    public static IReadOnlyList<DeltaAction> ParseCommit(ReadOnlySpan<byte> utf8, string filePath)
    {
        var actions = new List<DeltaAction>();
        var lineNumber = 0;
        while (!utf8.IsEmpty)
        {
            lineNumber++;
            var end = utf8.IndexOf((byte)'\n');
            var line = end < 0 ? utf8 : utf8[..end];
            utf8 = end < 0 ? [] : utf8[(end + 1)..];
            line = line.TrimEnd((byte)'\r');
            if (line.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }

            if (ParseLine(line, filePath, lineNumber) is { } action)
            {
                actions.Add(action);
            }
        }

        return actions;
    }

    /// <summary>Parses one line of a commit file; null for an action type we do not model.</summary>
    public static DeltaAction? ParseLine(ReadOnlySpan<byte> utf8Line, string filePath, int lineNumber)
    {
        // JsonDocument needs a contiguous buffer it may keep; a rented copy keeps the caller's span free.
        var rented = ArrayPool<byte>.Shared.Rent(utf8Line.Length);
        try
        {
            utf8Line.CopyTo(rented);
            using var doc = JsonDocument.Parse(rented.AsMemory(0, utf8Line.Length));
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw CorruptLogException.At(filePath, lineNumber, $"expected a JSON object, found {doc.RootElement.ValueKind}");
            }

            return ActionJsonReader.Read(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw CorruptLogException.At(filePath, lineNumber, $"invalid JSON ({e.Message})", e);
        }
        catch (FormatException e)
        {
            throw CorruptLogException.At(filePath, lineNumber, e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            // JsonElement getters throw this when a field has the wrong JSON kind.
            throw CorruptLogException.At(filePath, lineNumber, $"a field has the wrong JSON type ({e.Message})", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses a single action from its JSON object (the wrapper, e.g. <c>{"add":{...}}</c>); null when not modelled.</summary>
    public static DeltaAction? ParseAction(JsonElement wrapper) => ActionJsonReader.Read(wrapper);

    /// <summary>Serializes actions as a commit file: one line per action, newline-separated, UTF-8.</summary>
    public static byte[] SerializeCommit(IEnumerable<DeltaAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var buffer = new ArrayBufferWriter<byte>(1024);
        var first = true;
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        foreach (var action in actions)
        {
            if (!first)
            {
                writer.Flush();
                buffer.Write("\n"u8);
                writer.Reset(buffer);
            }

            ActionJsonWriter.Write(writer, action);
            first = false;
        }

        writer.Flush();
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes one action as a single JSON line (no trailing newline).</summary>
    public static string Serialize(DeltaAction action)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            ActionJsonWriter.Write(writer, action);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes one action (its wrapper object) to a caller's writer.</summary>
    public static void WriteAction(Utf8JsonWriter writer, DeltaAction action) => ActionJsonWriter.Write(writer, action);
}
