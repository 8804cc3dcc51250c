using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;

namespace Kardiaflow.Grains.Streaming;

/// <summary>
/// One table's share of a micro-batch: Bronze rows (with <c>_source_row</c> = sequence number) or quarantine records,
/// each tagged with its event's sequence number so a partly committed batch can be cut at the table's <c>txn</c>.
/// </summary>
internal sealed class ArrivalTableBatch(string tablePath, bool quarantine)
{
    public string TablePath { get; } = tablePath;

    public bool IsQuarantine { get; } = quarantine;

    public List<(long Sequence, object?[] Row)> Rows { get; } = [];

    public void AddBronze(DatasetDefinition dataset, IReadOnlyList<object?[]> rows)
    {
        var position = dataset.RawColumnCount + AuditColumns.SourceRowOffset;
        foreach (var row in rows)
        {
            Rows.Add(((long)row[position]!, row));
        }
    }

    public void AddQuarantined(IEnumerable<QuarantinedRecord> records, string sourceFile, string batchId, DateTime ingestTs)
    {
        foreach (var record in records)
        {
            Rows.Add((record.SourceRow, record.ToRow(sourceFile, batchId, ingestTs)));
        }
    }

    /// <summary>The rows of events after <paramref name="committed"/> (the table's txn version for this partition).</summary>
    public List<object?[]> After(long committed) => Rows.Where(r => r.Sequence > committed).Select(r => r.Row).ToList();
}
