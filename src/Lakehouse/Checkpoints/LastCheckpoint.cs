using System.Text.Json.Serialization;

namespace Kardiaflow.Lakehouse.Checkpoints;

/// <summary>The content of <c>_delta_log/_last_checkpoint</c> as we write it.</summary>
internal sealed record LastCheckpoint(
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("sizeInBytes")] long SizeInBytes,
    [property: JsonPropertyName("numOfAddFiles")] long NumOfAddFiles);
