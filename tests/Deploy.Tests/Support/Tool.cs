using System.Diagnostics;

namespace Kardiaflow.Deploy.Tests.Support;

/// <summary>
/// Runs the command-line tools the deployment checks use. A tool that is not installed fails the test with what to run
/// (`bash scripts/check-deploy.sh --install`): these checks never skip.
/// </summary>
internal static class Tool
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public static async Task<ToolResult> RunAsync(
        string file,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? stdin = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory ?? Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var command = $"{file} {string.Join(' ', start.ArgumentList)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cancellation = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish within {timeout ?? DefaultTimeout}.");
        }

        return new ToolResult(command, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>An executable on PATH, or a failed assertion naming how to install it.</summary>
    public static string OnPath(string name, string installHint)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            var candidate = System.IO.Path.Combine(directory, name);
            if (directory.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"`{name}` is not installed: {installHint}");
        return name;
    }

    /// <summary>A file that must exist, or a failed assertion naming how to get it.</summary>
    public static string Existing(string path, string installHint)
    {
        Assert.True(File.Exists(path), $"{path} is missing: {installHint}");
        return path;
    }
}
