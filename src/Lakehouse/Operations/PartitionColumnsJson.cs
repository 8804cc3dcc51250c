using System.Text.Json.Serialization;

namespace Kardiaflow.Lakehouse.Operations;

[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class PartitionColumnsJson : JsonSerializerContext;
