namespace Kardiaflow.Pipeline.Datasets;

/// <summary>
/// The quarantine table of streamed events that name no known dataset (a missing, unknown or non-string
/// <c>dataset</c> property): no dataset's <c>bad_&lt;dataset&gt;</c> table can hold them. Same columns as every
/// quarantine table (<see cref="QuarantineColumns"/>).
/// </summary>
public static class EventQuarantine
{
    public const string TableName = "bad_events";

    public const string TablePath = "_quarantine/" + TableName;
}
