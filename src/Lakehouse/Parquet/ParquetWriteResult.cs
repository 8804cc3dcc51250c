namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>What <see cref="ParquetFileWriter"/> wrote: the row count and the Delta per-file statistics JSON.</summary>
public sealed record ParquetWriteResult(long NumRecords, string StatsJson);
