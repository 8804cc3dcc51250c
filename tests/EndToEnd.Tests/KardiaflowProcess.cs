using System.Diagnostics;
using System.Text;

namespace Kardiaflow.EndToEnd.Tests;

/// <summary>The real <c>kardiaflow</c> console (or another built program) as a child process: <c>dotnet kardiaflow.dll ...</c>.</summary>
internal sealed class KardiaflowProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();
    private bool _disposed;

    private KardiaflowProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "kardiaflow.dll");

    public string StandardOutput
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public int Id => _process.Id;

    public static KardiaflowProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    public static KardiaflowProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartDll(Dll, environment, arguments);

    /// <summary><c>dotnet DLL ARGS</c> for any built program beside the tests (the standalone silo, for one).</summary>
    public static KardiaflowProcess StartDll(string dll, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartDllIn(AppContext.BaseDirectory, dll, environment, arguments);

    /// <summary>As <see cref="StartDll"/>, started from <paramref name="workingDirectory"/>.</summary>
    public static KardiaflowProcess StartDllIn(string workingDirectory, string dll, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartCore(workingDirectory, dll, environment, interruptible: false, arguments);

    /// <summary>
    /// <c>kardiaflow ARGS</c> through <c>env --default-signal=INT</c>: a test runner started in the background ignores
    /// SIGINT and its children inherit that, so a test that sends Ctrl+C (SIGINT) gives the child the default back.
    /// </summary>
    public static KardiaflowProcess StartInterruptible(params string[] arguments) =>
        StartCore(AppContext.BaseDirectory, Dll, new Dictionary<string, string>(), interruptible: true, arguments);

    private static KardiaflowProcess StartCore(
        string workingDirectory, string dll, IReadOnlyDictionary<string, string> environment, bool interruptible, string[] arguments)
    {
        var start = new ProcessStartInfo(interruptible ? "env" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        if (interruptible)
        {
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new KardiaflowProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Runs to the end and returns the exit code.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(TimeSpan timeout, params string[] arguments) =>
        RunAsync(new Dictionary<string, string>(), timeout, arguments);

    /// <summary>Runs to the end with extra environment variables and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        using var process = Start(environment, arguments);
        var exit = await process.WaitForExitAsync(timeout);
        return (exit, process.StandardOutput, process.StandardError);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// After <see cref="HasExited"/>: waits until the redirected output is read to its end (the exit is seen before the
    /// last lines arrive, and a start failure's message is usually the last line).
    /// </summary>
    public void WaitForOutputDrained() => _process.WaitForExit();

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kardiaflow did not exit within {timeout}. Output so far:\n{StandardOutput}\n{StandardError}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as an operator or Kubernetes stops a silo: the host shuts down cleanly; waits for the exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    /// <summary>SIGKILL: no shutdown code runs, as with <c>kill -9</c>.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.AppendLine(line);
        }
    }
}
