using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Lakehouse.Transactions;

/// <summary>Where a table's objects live in storage, relative to the storage root.</summary>
internal static class TableLayout
{
    public static string Combine(string tablePath, string relative)
    {
        var root = tablePath.Trim('/');
        return root.Length == 0 ? relative : root + "/" + relative;
    }

    public static string LogFolder(string tablePath) => Combine(tablePath, "_delta_log/");

    public static string CommitFile(string tablePath, long version) => Combine(tablePath, "_delta_log/" + DeltaPath.CommitFileName(version));

    public static string CheckpointFile(string tablePath, long version) => Combine(tablePath, $"_delta_log/{version:D20}.checkpoint.parquet");

    public static string LastCheckpointFile(string tablePath) => Combine(tablePath, "_delta_log/_last_checkpoint");

    /// <summary>The storage path of a file named in the log (URI-decoded exactly once here).</summary>
    public static string DataFile(string tablePath, string logPath) => Combine(tablePath, DeltaPath.Decode(logPath));
}
