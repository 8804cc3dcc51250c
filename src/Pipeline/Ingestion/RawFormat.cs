namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>The raw file formats of SPEC.md §1; every dataset accepts every format.</summary>
public enum RawFormat
{
    Csv,
    Tsv,
    Avro,
    Parquet,
    JsonLines,
}
