using System.Diagnostics;
using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Lakehouse.Tests.Writing;

public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempLake _lake = new();

    public void Dispose() => _lake.Dispose();

    [Fact]
    public async Task Eight_threads_appending_25_times_give_200_contiguous_commits_with_every_row()
    {
        await DeltaTable.CreateAsync(_lake.Storage, "threads", TestTables.Simple, [], new Dictionary<string, string>(), default);
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, ConcurrencyAsserts.Writers).Select(w => Task.Run(async () =>
        {
            var table = await DeltaTable.OpenAsync(_lake.Storage, "threads", default);
            start.Wait();
            for (var a = 0; a < ConcurrencyAsserts.Appends; a++)
            {
                await table.AppendAsync(ConcurrencyAsserts.Rows(w, a), new TxnAction($"writer-{w}", a), default);
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(writers);

        await ConcurrencyAsserts.AssertAllCommittedAsync(_lake.Storage, "threads");
    }

    [Fact]
    public async Task Eight_processes_appending_25_times_give_200_contiguous_commits_with_every_row()
    {
        await DeltaTable.CreateAsync(_lake.Storage, "procs", TestTables.Simple, [], new Dictionary<string, string>(), default);
        var helper = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Kardiaflow.Lakehouse.ConcurrentWriter.exe" : "Kardiaflow.Lakehouse.ConcurrentWriter");
        Assert.True(File.Exists(helper), $"The helper process {helper} is not next to the tests; build tests/Lakehouse.ConcurrentWriter.");
        var processes = Enumerable.Range(0, ConcurrencyAsserts.Writers).Select(w =>
        {
            var info = new ProcessStartInfo(helper) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { _lake.Root, "procs", w.ToString(System.Globalization.CultureInfo.InvariantCulture), ConcurrencyAsserts.Appends.ToString(System.Globalization.CultureInfo.InvariantCulture), ConcurrencyAsserts.RowsPerAppend.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                info.ArgumentList.Add(arg);
            }

            return Process.Start(info)!;
        }).ToList();

        try
        {
            foreach (var p in processes)
            {
                var stderr = p.StandardError.ReadToEndAsync();
                using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                await p.WaitForExitAsync(cts.Token);
                Assert.True(p.ExitCode == 0, $"writer process failed ({p.ExitCode}): {await stderr}");
            }
        }
        finally
        {
            foreach (var p in processes)
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                }

                p.Dispose();
            }
        }

        await ConcurrencyAsserts.AssertAllCommittedAsync(_lake.Storage, "procs");
    }
}
