using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// One Bronze change row (an <c>insert</c> or <c>update_postimage</c>) with the version that committed it: typed access
/// to the raw columns by name and to the audit columns.
/// </summary>
public sealed class BronzeRow
{
    private readonly DatasetDefinition _dataset;

    public BronzeRow(DatasetDefinition dataset, object?[] values, long commitVersion)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length < dataset.BronzeWidth)
        {
            throw new ArgumentException($"A {dataset.Name} Bronze row has {dataset.BronzeWidth} values, not {values.Length}.", nameof(values));
        }

        _dataset = dataset;
        Values = values;
        CommitVersion = commitVersion;
    }

    public object?[] Values { get; }

    public long CommitVersion { get; }

    public DateTime? IngestTs => Values[_dataset.RawColumnCount + AuditColumns.IngestTsOffset] as DateTime?;

    public string SourceFile => Values[_dataset.RawColumnCount + AuditColumns.SourceFileOffset] as string ?? string.Empty;

    public long SourceRow => Values[_dataset.RawColumnCount + AuditColumns.SourceRowOffset] as long? ?? 0;

    public string? BatchId => Values[_dataset.RawColumnCount + AuditColumns.BatchIdOffset] as string;

    public ArrivalOrder Arrival => new(CommitVersion, SourceFile, SourceRow);

    public object? this[string column] =>
        _dataset.RawSchema.IndexOf(column) is var i and >= 0
            ? Values[i]
            : throw new KeyNotFoundException($"'{column}' is not a raw column of {_dataset.Name}.");

    public string? Text(string column) => this[column] as string;

    /// <summary>The Silver audit columns (<c>_ingest_ts</c>, <c>_batch_id</c>, <c>_source_file</c>).</summary>
    public object?[] Audit() => [IngestTs, BatchId, SourceFile];
}
