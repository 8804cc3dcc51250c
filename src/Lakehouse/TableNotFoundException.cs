namespace Kardiaflow.Lakehouse;

/// <summary>The path holds no Delta table: no <c>_delta_log</c>, or a log without any commit or checkpoint.</summary>
public sealed class TableNotFoundException : DeltaLakeException
{
    public TableNotFoundException()
    {
    }

    public TableNotFoundException(string message)
        : base(message)
    {
    }

    public TableNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public string? TablePath { get; init; }

    public static TableNotFoundException For(string root, string tablePath) =>
        new($"No Delta table at '{Combine(root, tablePath)}': '_delta_log' holds no commit or checkpoint. Check the path, or create the table first.")
        {
            TablePath = tablePath,
        };

    private static string Combine(string root, string tablePath) =>
        tablePath.Length == 0 ? root : root.TrimEnd('/') + "/" + tablePath;
}
