using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Values;
using Spectre.Console;

namespace Kardiaflow.Client.Lake;

/// <summary>Writes a row stream as jsonl, csv or a console table. jsonl and csv stream row by row.</summary>
internal static class LakeOutput
{
    public static readonly string[] Formats = ["jsonl", "csv", "table"];

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(TableRows rows, string format, TextWriter output, CancellationToken cancellationToken)
    {
        switch (format)
        {
            case "jsonl":
                await WriteJsonLinesAsync(rows, output, cancellationToken);
                break;
            case "csv":
                await WriteCsvAsync(rows, output, cancellationToken);
                break;
            default:
                await WriteTableAsync(rows, output, cancellationToken);
                break;
        }
    }

    private static async Task WriteJsonLinesAsync(TableRows rows, TextWriter output, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var fields = rows.Schema.Fields;
        await foreach (var row in rows.Rows.WithCancellation(cancellationToken))
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
            {
                writer.WriteStartObject();
                for (var i = 0; i < fields.Count; i++)
                {
                    writer.WritePropertyName(fields[i].Name);
                    ValueJson.Write(writer, row[i], fields[i].Type);
                }

                writer.WriteEndObject();
            }

            await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.WrittenSpan).AsMemory(), cancellationToken);
        }
    }

    private static async Task WriteCsvAsync(TableRows rows, TextWriter output, CancellationToken cancellationToken)
    {
        var fields = rows.Schema.Fields;
        await output.WriteLineAsync(string.Join(',', fields.Select(f => Quote(f.Name))).AsMemory(), cancellationToken);
        await foreach (var row in rows.Rows.WithCancellation(cancellationToken))
        {
            // Null is an empty cell; an empty string is a quoted empty cell, so the two stay distinguishable.
            var cells = fields.Select((f, i) => row[i] is null ? string.Empty : Quote(ValueJson.Text(row[i], f.Type), row[i] is string { Length: 0 }));
            await output.WriteLineAsync(string.Join(',', cells).AsMemory(), cancellationToken);
        }
    }

    private static async Task WriteTableAsync(TableRows rows, TextWriter output, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (Console.IsOutputRedirected)
        {
            // Piped into a file or pager there is no terminal width to respect; 80 columns would wrap every cell.
            console.Profile.Width = Math.Max(console.Profile.Width, 200);
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var field in rows.Schema.Fields)
        {
            table.AddColumn(new TableColumn(Markup.Escape(field.Name)));
        }

        var count = 0;
        await foreach (var row in rows.Rows.WithCancellation(cancellationToken))
        {
            table.AddRow(rows.Schema.Fields.Select((f, i) => row[i] is null ? new Markup("[grey]null[/]") : new Markup(Markup.Escape(ValueJson.Text(row[i], f.Type)))));
            count++;
        }

        console.Write(table);
        console.MarkupLine($"[grey]{count} row(s)[/]");
    }

    private static string Quote(string value) => Quote(value, false);

    private static string Quote(string value, bool always) =>
        always || value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>Schema of the history listing, so history prints through the same writers.</summary>
    public static readonly StructType HistorySchema = new(
    [
        new StructField("version", PrimitiveType.Long),
        new StructField("timestamp", PrimitiveType.Timestamp),
        new StructField("operation", PrimitiveType.String),
        new StructField("operationParameters", new MapType(PrimitiveType.String, PrimitiveType.String, true)),
        new StructField("readVersion", PrimitiveType.Long),
        new StructField("isBlindAppend", PrimitiveType.Boolean),
        new StructField("engineInfo", PrimitiveType.String),
        new StructField("operationMetrics", new MapType(PrimitiveType.String, PrimitiveType.String, true)),
    ]);
}
