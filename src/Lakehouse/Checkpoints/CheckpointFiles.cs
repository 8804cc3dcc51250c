using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Checkpoints;

/// <summary>The parts of one classic checkpoint (one for a single-file checkpoint); complete when every part is listed.</summary>
public sealed record CheckpointFiles(long Version, int PartCount, IReadOnlyList<StorageEntry> Parts)
{
    public bool IsComplete => Parts.Count == PartCount;
}
