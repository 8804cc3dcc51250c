using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion.Readers;

namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>
/// Reads a submission folder with the raw readers (any of the five formats) and turns each record into the event a
/// producer would publish: a JSON object with the dataset's raw column names, the record's rescued values back under
/// their own names, so that the event lands in Bronze as the same row (audit columns aside).
/// </summary>
public static class RecordEvents
{
    public static async IAsyncEnumerable<RecordEvent> ReadAsync(
        string rootFolder, string? dataset = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var file in SubmissionScanner.Scan(rootFolder, dataset))
        {
            if (!file.IsIngestible)
            {
                throw new InputFileException(file.RelativePath, InputFileErrorKind.Unreadable, file.Problem!);
            }

            var definition = DatasetCatalog.Get(file.Dataset!);
            var session = await RawFileReader.OpenAsync(rootFolder, file.RelativePath, definition, null, cancellationToken).ConfigureAwait(false);
            await using var _ = session.ConfigureAwait(false);
            await foreach (var batch in session.ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
            {
                // Rows and quarantined records interleave by position: publish them in file order.
                var position = definition.RawColumnCount + AuditColumns.SourceRowOffset;
                var items = batch.Rows.Select(r => ((long)r[position]!, (object)r))
                    .Concat(batch.Quarantined.Select(q => (q.SourceRow, (object)q)))
                    .OrderBy(i => i.Item1);
                foreach (var (row, item) in items)
                {
                    yield return item is object?[] values
                        ? new RecordEvent(definition.Name, values[definition.PrimaryKeyIndex] as string, ToJson(definition, values), file.RelativePath, row)
                        : new RecordEvent(definition.Name, null, Encoding.UTF8.GetBytes(((QuarantinedRecord)item).Raw ?? ""), file.RelativePath, row);
                }
            }
        }
    }

    /// <summary>A Bronze row's raw columns and rescued values as one JSON object.</summary>
    public static byte[] ToJson(DatasetDefinition dataset, object?[] row)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(row);
        using var rescued = row[dataset.RawColumnCount + AuditColumns.RescuedDataOffset] is string text ? JsonDocument.Parse(text) : null;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonValues.WriterOptions))
        {
            writer.WriteStartObject();
            for (var i = 0; i < dataset.RawColumnCount; i++)
            {
                var name = dataset.RawSchema.Fields[i].Name;
                if (rescued is not null && rescued.RootElement.TryGetProperty(name, out _))
                {
                    continue; // the value did not convert: it is written below exactly as it came
                }

                writer.WritePropertyName(name);
                WriteValue(writer, row[i]);
            }

            if (rescued is not null)
            {
                foreach (var property in rescued.RootElement.EnumerateObject())
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // One value-to-JSON formatter for the whole product (lake read, _rescued_data, events): numbers as numbers, NaN and
    // infinities as their text, dates as yyyy-MM-dd, timestamps ISO-8601 with Z.
    private static void WriteValue(Utf8JsonWriter writer, object? value) => Kardiaflow.Lakehouse.Values.ValueJson.Write(writer, value);
}
