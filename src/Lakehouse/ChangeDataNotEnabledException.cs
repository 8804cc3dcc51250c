namespace Kardiaflow.Lakehouse;

/// <summary>A change feed was asked for over versions where the table did not record change data.</summary>
public sealed class ChangeDataNotEnabledException : DeltaLakeException
{
    public ChangeDataNotEnabledException()
    {
    }

    public ChangeDataNotEnabledException(string message)
        : base(message)
    {
    }

    public ChangeDataNotEnabledException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public static ChangeDataNotEnabledException For(long version) =>
        new($"change data not enabled: table version {version} was written without 'delta.enableChangeDataFeed=true'. " +
            "Set that property on the table and read changes from a later version.");
}
