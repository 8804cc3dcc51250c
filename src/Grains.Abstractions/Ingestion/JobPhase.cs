namespace Kardiaflow.Grains.Abstractions.Ingestion;

/// <summary>Where an ingestion job is: listing its files, ingesting them, or finished.</summary>
[GenerateSerializer]
public enum JobPhase
{
    /// <summary>Accepted; files are being listed and identified.</summary>
    Listing = 0,

    /// <summary>File parts are being read and committed.</summary>
    Running = 1,

    /// <summary>Every file reached an outcome (ingested, skipped or failed).</summary>
    Completed = 2,

    /// <summary>The job itself could not go on (the submission root is missing, the lake cannot be written).</summary>
    Failed = 3,
}
