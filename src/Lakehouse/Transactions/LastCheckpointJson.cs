using System.Text.Json.Serialization;

namespace Kardiaflow.Lakehouse.Transactions;

[JsonSerializable(typeof(LastCheckpoint))]
internal sealed partial class LastCheckpointJson : JsonSerializerContext;
