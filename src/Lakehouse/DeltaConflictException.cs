namespace Kardiaflow.Lakehouse;

/// <summary>
/// A commit lost a race to another writer in a way that cannot be retried blindly: the other commit removed or
/// rewrote files this operation read, added rows this operation would have matched, changed the table's
/// schema/protocol, or created the table first. The operation wrote nothing visible; re-run it against the latest
/// version.
/// </summary>
public sealed class DeltaConflictException : DeltaLakeException
{
    public DeltaConflictException()
    {
    }

    public DeltaConflictException(string message)
        : base(message)
    {
    }

    public DeltaConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What the winning commit did.</summary>
    public DeltaConflictKind Kind { get; init; }

    /// <summary>The version of the commit that won the race.</summary>
    public long WinningVersion { get; init; }

    /// <summary>The version this operation read.</summary>
    public long ReadVersion { get; init; }

    /// <summary>
    /// For file conflicts: the files (as named in the log) read by this operation that the winner removed, or the files the
    /// winner added that may hold rows this operation matched.
    /// </summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The operation recorded in the winner's commitInfo, when it has one.</summary>
    public string? WinningOperation { get; init; }

    public static DeltaConflictException FilesChanged(string table, string operation, long readVersion, long winner, string? winningOperation, IReadOnlyList<string> files) =>
        new(Lost(table, operation, readVersion, winner, winningOperation) + $" removed or rewrote {files.Count} file(s) it read " +
            $"(first: '{files[0]}'). Nothing was committed; re-run the {operation} against the latest version.")
        {
            Kind = DeltaConflictKind.FilesReadWereChanged,
            ReadVersion = readVersion,
            WinningVersion = winner,
            WinningOperation = winningOperation,
            Files = files,
        };

    public static DeltaConflictException FilesAdded(
        string table, string operation, long readVersion, long winner, string? winningOperation, string readDescription, IReadOnlyList<string> files) =>
        new(Lost(table, operation, readVersion, winner, winningOperation) + $" added {files.Count} file(s) that may hold rows matching " +
            $"{readDescription} (first: '{files[0]}'). Nothing was committed; re-run the {operation} against the latest version.")
        {
            Kind = DeltaConflictKind.FilesAddedMatchingRead,
            ReadVersion = readVersion,
            WinningVersion = winner,
            WinningOperation = winningOperation,
            Files = files,
        };

    public static DeltaConflictException MetadataChanged(string table, string operation, long readVersion, long winner, string? winningOperation) =>
        new(Lost(table, operation, readVersion, winner, winningOperation) + $" changed the table's schema, configuration or protocol. " +
            $"Nothing was committed; reload the table and re-run the {operation}.")
        {
            Kind = DeltaConflictKind.MetadataChanged,
            ReadVersion = readVersion,
            WinningVersion = winner,
            WinningOperation = winningOperation,
        };

    public static DeltaConflictException TransactionsPartlyCommitted(string table, string operation, long readVersion, long winner, IReadOnlyList<string> appIds) =>
        new($"{operation} on table '{table}' read version {readVersion}, but version {winner} already committed {appIds.Count} of its application " +
            $"transactions (first: '{appIds[0]}'). Nothing was committed; reload the table and commit only the transactions it does not have yet.")
        {
            Kind = DeltaConflictKind.TransactionsPartlyCommitted,
            ReadVersion = readVersion,
            WinningVersion = winner,
            Files = appIds,
        };

    /// <summary>The opening every lost race's message shares: who read what, and which version (and operation) won.</summary>
    private static string Lost(string table, string operation, long readVersion, long winner, string? winningOperation) =>
        $"{operation} on table '{table}' read version {readVersion}, but version {winner}" +
        (winningOperation is null ? string.Empty : $" ({winningOperation})");

    public static DeltaConflictException TableCreated(string table) =>
        new($"Another writer created table '{table}' first. Open the existing table (DeltaTable.OpenAsync), or use OpenOrCreateAsync.")
        {
            Kind = DeltaConflictKind.TableAlreadyExists,
            ReadVersion = -1,
            WinningVersion = 0,
        };
}
