namespace Kardiaflow.Silo.Startup;

/// <summary>
/// A setting that is missing or malformed, or storage that cannot be reached, found before the silo joins a cluster. Its
/// message is one line that names the setting or the endpoint and says what to do; the host prints it and exits non-zero.
/// </summary>
public sealed class SiloStartupException : Exception
{
    public SiloStartupException(string message)
        : base(message)
    {
    }

    public SiloStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SiloStartupException()
    {
    }
}
