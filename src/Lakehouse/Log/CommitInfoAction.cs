using System.Text.Json.Nodes;

namespace Kardiaflow.Lakehouse.Log;

/// <summary>
/// The <c>commitInfo</c> action. Free-form in the protocol; the fields we write and read are typed, the rest of what
/// other writers put there is kept in <see cref="Other"/>.
/// </summary>
public sealed record CommitInfoAction(
    long? Timestamp,
    string? Operation,
    IReadOnlyDictionary<string, string>? OperationParameters = null,
    IReadOnlyDictionary<string, string>? OperationMetrics = null,
    string? EngineInfo = null,
    long? ReadVersion = null,
    bool? IsBlindAppend = null,
    long? InCommitTimestamp = null,
    JsonObject? Other = null) : DeltaAction
{
    /// <summary><see cref="OperationMetrics"/> typed (absent metrics read as 0).</summary>
    public OperationMetrics Metrics => new(OperationMetrics);
}
