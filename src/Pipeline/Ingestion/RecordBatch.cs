using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>
/// A slice of consecutive records of one file. <see cref="Rows"/> are Bronze rows aligned with
/// <see cref="DatasetDefinition.BronzeSchema"/>: raw columns, then <c>_ingest_ts</c> (null, for the writer),
/// <c>_source_file</c>, <c>_source_row</c>, <c>_batch_id</c> (null, for the writer), <c>_rescued_data</c>.
/// </summary>
public sealed record RecordBatch(IReadOnlyList<object?[]> Rows, IReadOnlyList<QuarantinedRecord> Quarantined)
{
    public int RecordsRead => Rows.Count + Quarantined.Count;

    /// <summary>Fills the two audit columns only the writer knows, in place.</summary>
    public void StampAudit(DatasetDefinition dataset, DateTime ingestTsUtc, string batchId)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var ts = dataset.RawColumnCount + AuditColumns.IngestTsOffset;
        var batch = dataset.RawColumnCount + AuditColumns.BatchIdOffset;
        object boxedTs = ingestTsUtc;
        for (var i = 0; i < Rows.Count; i++)
        {
            var row = Rows[i];
            row[ts] = boxedTs;
            row[batch] = batchId;
        }
    }
}
