namespace Kardiaflow.Lakehouse.Log;

/// <summary>The <c>txn</c> (set transaction) action: the last <paramref name="Version"/> committed by application <paramref name="AppId"/>.</summary>
public sealed record TxnAction(string AppId, long Version, long? LastUpdated = null) : DeltaAction;
