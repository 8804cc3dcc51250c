namespace Kardiaflow.Deploy.Tests.Support;

/// <summary>What a finished tool process said.</summary>
internal sealed record ToolResult(string Command, int ExitCode, string StdOut, string StdErr)
{
    public string Describe() => $"`{Command}` exited {ExitCode}.\nstdout:\n{StdOut}\nstderr:\n{StdErr}";

    /// <summary>Fails the test unless the tool exited 0.</summary>
    public ToolResult Succeeded()
    {
        Assert.True(ExitCode == 0, Describe());
        return this;
    }
}
