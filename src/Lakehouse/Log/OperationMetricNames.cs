namespace Kardiaflow.Lakehouse.Log;

/// <summary>The keys of <c>commitInfo.operationMetrics</c> this engine writes (Spark's Delta names).</summary>
public static class OperationMetricNames
{
    public const string NumFiles = "numFiles";
    public const string NumOutputRows = "numOutputRows";
    public const string NumOutputBytes = "numOutputBytes";
    public const string NumRemovedFiles = "numRemovedFiles";
    public const string NumSourceRows = "numSourceRows";
    public const string NumTargetRowsInserted = "numTargetRowsInserted";
    public const string NumTargetRowsUpdated = "numTargetRowsUpdated";
    public const string NumTargetRowsDeleted = "numTargetRowsDeleted";
    public const string NumTargetRowsCopied = "numTargetRowsCopied";
    public const string NumTargetFilesAdded = "numTargetFilesAdded";
    public const string NumTargetFilesRemoved = "numTargetFilesRemoved";
    public const string NumTargetChangeFilesAdded = "numTargetChangeFilesAdded";
    public const string NumDeletedRows = "numDeletedRows";
    public const string NumAddedFiles = "numAddedFiles";
    public const string NumCopiedRows = "numCopiedRows";
    public const string NumAddedChangeFiles = "numAddedChangeFiles";
    public const string NumFilesToDelete = "numFilesToDelete";
    public const string SizeOfDataToDelete = "sizeOfDataToDelete";
    public const string NumDeletedFiles = "numDeletedFiles";
    public const string NumVacuumedDirectories = "numVacuumedDirectories";
}
