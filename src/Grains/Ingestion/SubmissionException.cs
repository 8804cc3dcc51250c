namespace Kardiaflow.Grains.Ingestion;

/// <summary>A submission that cannot be ingested at all (its root does not exist, a dataset is unknown).</summary>
public sealed class SubmissionException(string message) : Exception(message);
