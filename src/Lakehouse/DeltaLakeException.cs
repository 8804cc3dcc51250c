namespace Kardiaflow.Lakehouse;

/// <summary>
/// Base of every error the Delta engine raises on purpose. Messages name the table, file or feature involved and say
/// what to do, because they reach operators through the console unchanged.
/// </summary>
public class DeltaLakeException : Exception
{
    public DeltaLakeException()
    {
    }

    public DeltaLakeException(string message)
        : base(message)
    {
    }

    public DeltaLakeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
