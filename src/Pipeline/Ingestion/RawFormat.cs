namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>The raw file formats of docs/data-contract.md (Datasets); every dataset accepts every format.</summary>
public enum RawFormat
{
    Csv,
    Tsv,
    Avro,
    Parquet,
    JsonLines,
}
