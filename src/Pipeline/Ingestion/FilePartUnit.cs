namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>What <see cref="FilePart.Start"/> and <see cref="FilePart.End"/> count.</summary>
public enum FilePartUnit
{
    /// <summary>The whole file; Start and End are unused.</summary>
    WholeFile,

    /// <summary>A byte range [Start, End) aligned to record boundaries (line starts, Avro block starts).</summary>
    Bytes,

    /// <summary>A range of Parquet row groups [Start, End).</summary>
    RowGroups,
}
