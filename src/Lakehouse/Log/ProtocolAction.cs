namespace Kardiaflow.Lakehouse.Log;

/// <summary>The <c>protocol</c> action. Feature lists are present only for reader version 3 / writer version 7.</summary>
public sealed record ProtocolAction(
    int MinReaderVersion,
    int MinWriterVersion,
    IReadOnlyList<string>? ReaderFeatures = null,
    IReadOnlyList<string>? WriterFeatures = null) : DeltaAction;
