using System.Buffers;
using System.Text;
using System.Text.Json;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// Assembles Bronze rows and quarantined records for one file part and cuts them into batches. Every reader
/// goes through it, so the docs/data-contract.md (Bronze) rules (null/empty primary key, rescued data, conservation counts)
/// live in one place.
/// </summary>
internal sealed class RowBuilder : IDisposable
{
    private readonly DatasetDefinition _dataset;
    private readonly string _sourceFile;
    private readonly int _batchSize;
    private readonly int _width;
    private readonly int _rawCount;
    private readonly ArrayBufferWriter<byte> _rescueBuffer = new(256);
    private readonly Utf8JsonWriter _rescueWriter;
    private readonly string _missingKeyReason;
    private readonly Lakehouse.Schema.StructField[] _fields;
    private List<object?[]> _rows;
    private List<QuarantinedRecord> _quarantined = [];
    private object?[]? _current;
    private long _currentRow;
    private bool _rescueOpen;
    private long _bronze;
    private long _quarantinedCount;

    public RowBuilder(DatasetDefinition dataset, string sourceFile, int batchSize)
    {
        _dataset = dataset;
        _sourceFile = sourceFile;
        _batchSize = batchSize;
        _width = dataset.BronzeWidth;
        _rawCount = dataset.RawColumnCount;
        _rows = new List<object?[]>(Math.Min(batchSize, 4096));
        _rescueWriter = new Utf8JsonWriter(_rescueBuffer, JsonValues.WriterOptions);
        _missingKeyReason = $"The primary key {dataset.PrimaryKey} is null or empty.";
        _fields = [.. dataset.RawSchema.Fields];
    }

    public DatasetDefinition Dataset => _dataset;

    public string MissingKeyReason => _missingKeyReason;

    public bool IsFull => _rows.Count + _quarantined.Count >= _batchSize;

    public bool HasPending => _rows.Count + _quarantined.Count > 0;

    public RecordCounts Counts => new(_bronze + _quarantinedCount, _bronze, _quarantinedCount);

    public void Begin(long sourceRow)
    {
        _current = new object?[_width];
        _currentRow = sourceRow;
        _rescueOpen = false;
    }

    /// <summary>A value already of the column's CLR type (or null).</summary>
    public void SetValue(int column, object? value) => _current![column] = value;

    /// <summary>Text to convert to the column's type; empty text is null, text that does not convert is rescued.</summary>
    public void SetText(int column, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var field = _fields[column];
        if (ValueConverter.TryFromText(text, field.Type, out var value))
        {
            _current![column] = value;
        }
        else
        {
            RescueText(field.Name, text);
        }
    }

    public void RescueText(string name, ReadOnlySpan<char> text)
    {
        OpenRescue();
        _rescueWriter.WriteString(name, text);
    }

    /// <summary>Rescues a JSON value verbatim (numbers stay numbers, objects stay objects).</summary>
    public void RescueJson(string name, ReadOnlySpan<byte> utf8Json)
    {
        OpenRescue();
        _rescueWriter.WritePropertyName(name);
        _rescueWriter.WriteRawValue(utf8Json, skipInputValidation: true);
    }

    /// <summary>Opens a rescued entry and returns the writer positioned for its value; the caller writes exactly one value.</summary>
    public Utf8JsonWriter BeginRescue(string name)
    {
        OpenRescue();
        _rescueWriter.WritePropertyName(name);
        return _rescueWriter;
    }

    public void RescueJson(string name, JsonElement element)
    {
        OpenRescue();
        _rescueWriter.WritePropertyName(name);
        element.WriteTo(_rescueWriter);
    }

    /// <summary>
    /// Ends the current record. False when its primary key is null or empty: the row is dropped and the caller
    /// quarantines it with <see cref="MissingKeyReason"/> and its raw text.
    /// </summary>
    public bool TryCommit()
    {
        var row = _current!;
        _current = null;
        if (row[_dataset.PrimaryKeyIndex] is not string key || string.IsNullOrWhiteSpace(key))
        {
            CloseRescue();
            return false;
        }

        row[_rawCount + AuditColumns.SourceFileOffset] = _sourceFile;
        row[_rawCount + AuditColumns.SourceRowOffset] = _currentRow;
        row[_rawCount + AuditColumns.RescuedDataOffset] = CloseRescue();
        _rows.Add(row);
        _bronze++;
        return true;
    }

    public void Quarantine(long sourceRow, string reason, ReadOnlySpan<char> raw) =>
        Quarantine(sourceRow, reason, QuarantinedRecord.Cut(raw));

    public void Quarantine(long sourceRow, string reason, ReadOnlySpan<byte> utf8Raw) =>
        Quarantine(QuarantinedRecord.FromUtf8(sourceRow, reason, utf8Raw));

    public void Quarantine(long sourceRow, string reason, string? raw) => Quarantine(new QuarantinedRecord(sourceRow, reason, raw));

    private void Quarantine(QuarantinedRecord record)
    {
        _current = null;
        _rescueOpen = false;
        _quarantined.Add(record);
        _quarantinedCount++;
    }

    public RecordBatch TakeBatch()
    {
        var batch = new RecordBatch(_rows, _quarantined);
        _rows = new List<object?[]>(Math.Min(_batchSize, 4096));
        _quarantined = [];
        return batch;
    }

    public void Dispose() => _rescueWriter.Dispose();

    private void OpenRescue()
    {
        if (_rescueOpen)
        {
            return;
        }

        _rescueBuffer.ResetWrittenCount();
        _rescueWriter.Reset(_rescueBuffer);
        _rescueWriter.WriteStartObject();
        _rescueOpen = true;
    }

    private string? CloseRescue()
    {
        if (!_rescueOpen)
        {
            return null;
        }

        _rescueOpen = false;
        _rescueWriter.WriteEndObject();
        _rescueWriter.Flush();
        return Encoding.UTF8.GetString(_rescueBuffer.WrittenSpan);
    }
}
