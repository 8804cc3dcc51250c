using System.Text.Json.Serialization;

namespace Kardiaflow.Lakehouse.Checkpoints;

[JsonSerializable(typeof(LastCheckpoint))]
internal sealed partial class LastCheckpointJson : JsonSerializerContext;
