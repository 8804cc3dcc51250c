namespace Kardiaflow.Lakehouse;

/// <summary>
/// The table is append-only (<c>delta.appendOnly=true</c>) and the write would remove or rewrite rows (MERGE with
/// matches, DELETE, overwrite, a commit with removes). Nothing was committed; appends still work.
/// </summary>
public sealed class AppendOnlyTableException : DeltaLakeException
{
    public AppendOnlyTableException()
    {
    }

    public AppendOnlyTableException(string message)
        : base(message)
    {
    }

    public AppendOnlyTableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The operation that was refused.</summary>
    public string Operation { get; init; } = string.Empty;

    public static AppendOnlyTableException For(string table, string operation, int removedFiles) =>
        new($"Table '{table}' is append-only (delta.appendOnly=true): {operation} would remove or rewrite " +
            $"{(removedFiles > 0 ? $"{removedFiles} data file(s)" : "rows")}, which the table forbids. Nothing was committed. " +
            "Only appends are allowed; to update or delete rows, first set delta.appendOnly=false on the table " +
            "(e.g. ALTER TABLE ... SET TBLPROPERTIES ('delta.appendOnly' = 'false') in Spark), or write the changes to another table.")
        {
            Operation = operation,
        };
}
