using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion.Readers;

namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>
/// Applies the Bronze rules to single JSON records that do not come from a file (docs/data-contract.md (Streamed arrivals): an Event Hubs
/// event body is one record, exactly as a JSONL line). Same binding, conversion, <c>_rescued_data</c> and
/// quarantine reasons as <see cref="RawFileReader"/> on a .jsonl file. Not thread-safe: one per micro-batch.
/// </summary>
public sealed class JsonRecordParser : IDisposable
{
    private readonly RowBuilder _builder;
    private readonly JsonLineParser _parser;

    /// <param name="dataset">The dataset named by the event's <c>dataset</c> property.</param>
    /// <param name="sourceFile">The <c>_source_file</c> value, e.g. <c>eventhubs/&lt;hub&gt;/&lt;partition&gt;</c>.</param>
    public JsonRecordParser(DatasetDefinition dataset, string sourceFile)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(sourceFile);
        _builder = new RowBuilder(dataset, sourceFile, int.MaxValue);
        _parser = new JsonLineParser(_builder);
    }

    /// <summary>Counts since construction.</summary>
    public RecordCounts Counts => _builder.Counts;

    /// <summary>Adds one record; <paramref name="sourceRow"/> is its <c>_source_row</c> (the event's sequence number).</summary>
    public void Add(ReadOnlySpan<byte> utf8Json, long sourceRow)
    {
        var line = utf8Json.StartsWith(JsonLinesRecordSource.Utf8Bom) ? utf8Json[JsonLinesRecordSource.Utf8Bom.Length..] : utf8Json;
        _parser.Process(line, sourceRow);
    }

    /// <summary>The rows and quarantined records added since the last call.</summary>
    public RecordBatch TakeBatch() => _builder.TakeBatch();

    public void Dispose() => _builder.Dispose();
}
