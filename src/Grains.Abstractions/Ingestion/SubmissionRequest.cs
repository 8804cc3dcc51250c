namespace Kardiaflow.Grains.Abstractions.Ingestion;

/// <summary>
/// What a submitter asks to ingest. <paramref name="Root"/> is an absolute folder that the silos can read; every
/// <c>_source_file</c> is relative to it. With no <paramref name="Paths"/> the whole folder is ingested: one subfolder per
/// dataset, or, when <paramref name="Dataset"/> is given, every file under the folder as that dataset. With
/// <paramref name="Paths"/> (relative to <paramref name="Root"/>) only those files are ingested, as
/// <paramref name="Dataset"/> when given, else as the dataset named by their first folder.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SubmissionRequest(
    [property: Id(0)] string Root,
    [property: Id(1)] string? Dataset,
    [property: Id(2)] IReadOnlyList<string> Paths);
