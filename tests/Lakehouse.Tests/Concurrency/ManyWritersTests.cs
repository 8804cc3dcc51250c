using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kardiaflow.Lakehouse.ConcurrentWriter;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Tests.Writing;
using Xunit.Abstractions;

namespace Kardiaflow.Lakehouse.Tests.Concurrency;

/// <summary>
/// Many writers on one local table — threads of this process and separate processes (tests/Lakehouse.ConcurrentWriter)
/// — appending, merging and deleting (<see cref="MixedWorkload"/>, seeded). Afterwards: versions 0..N without a gap,
/// each commit one successful operation (and each successful operation one commit), every conflict names a winner that
/// is in the log with that operation, no key twice, and the rows are what replaying the successful operations in
/// version order gives.
/// </summary>
public sealed class ManyWritersTests(ITestOutputHelper output) : IDisposable
{
    private const int ThreadWriters = 4;
    private const int ProcessWriters = 4;
    private const int OpsPerWriter = 12;

    private readonly TempLake _lake = new();

    public void Dispose() => _lake.Dispose();

    [Fact]
    public async Task Threads_and_processes_appending_merging_and_deleting_leave_one_commit_per_success_and_the_rows_a_replay_gives()
    {
        var seed = Environment.GetEnvironmentVariable("KARDIAFLOW_CONCURRENCY_SEED") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : Random.Shared.Next(1_000_000);
        output.WriteLine($"seed {seed} (KARDIAFLOW_CONCURRENCY_SEED={seed} reproduces the operations; their interleaving is the machine's)");
        await DeltaTable.CreateAsync(_lake.Storage, "mixed", MixedWorkload.Schema, [], new Dictionary<string, string>(), default);
        var go = Path.Combine(_lake.Root, "go");

        var processes = Enumerable.Range(ThreadWriters, ProcessWriters).Select(w => StartWriter(w, seed, go)).ToList();
        var outcomes = new List<WorkloadOutcome>();
        try
        {
            var threads = Enumerable.Range(0, ThreadWriters).Select(w => Task.Run(async () =>
            {
                while (!File.Exists(go))
                {
                    await Task.Delay(5);
                }

                return await MixedWorkload.RunAsync(_lake.Storage, "mixed", w, OpsPerWriter, seed, null, default);
            })).ToList();
            var stdouts = processes.Select(p => p.StandardOutput.ReadToEndAsync()).ToList();
            var stderrs = processes.Select(p => p.StandardError.ReadToEndAsync()).ToList();
            await File.WriteAllTextAsync(go, "go");

            foreach (var thread in threads)
            {
                outcomes.AddRange(await thread);
            }

            for (var i = 0; i < processes.Count; i++)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                await processes[i].WaitForExitAsync(cts.Token);
                Assert.True(processes[i].ExitCode == 0, $"writer process {ThreadWriters + i} failed ({processes[i].ExitCode}): {await stderrs[i]}");
                outcomes.AddRange((await stdouts[i]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<WorkloadOutcome>(l)!));
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

        var figures = await AssertOutcomesAsync(outcomes, seed);
        output.WriteLine(figures);
    }

    private async Task<string> AssertOutcomesAsync(List<WorkloadOutcome> outcomes, int seed)
    {
        // Every operation of every writer ran: ended committed, unchanged, or after three conflicts.
        Assert.Equal((ThreadWriters + ProcessWriters) * OpsPerWriter, outcomes.Select(o => (o.Writer, o.Op)).Distinct().Count());
        var log = await DeltaLogValidation.AssertValidAsync(_lake.Storage, "mixed");

        // One commit per success, one success per commit.
        var committed = outcomes.Where(o => o.Result == "committed").ToList();
        Assert.Equal(committed.Count, committed.Select(o => o.Version).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, (int)log.LatestVersion).Select(v => (long?)v), committed.Select(o => o.Version).Order());
        foreach (var o in committed)
        {
            Assert.Equal(o.Kind switch { "append" => DeltaOperations.Write, "merge" => DeltaOperations.Merge, _ => DeltaOperations.Delete }, log.OperationOf(o.Version!.Value));
            if (o.Kind == "append")
            {
                var txn = Assert.Single(log.Commits[(int)o.Version!.Value].OfType<TxnAction>());
                Assert.Equal(($"writer-{o.Writer}", (long)o.Op), (txn.AppId, txn.Version));
            }
        }

        // Conflicts name a winner that is in the log, newer than what the loser read, with the operation it recorded.
        var conflicts = outcomes.Where(o => o.Result == "conflict").ToList();
        foreach (var c in conflicts)
        {
            Assert.True(c.WinningVersion > c.ReadVersion && c.WinningVersion <= log.LatestVersion, $"conflict of writer {c.Writer} op {c.Op}: winner {c.WinningVersion}, read {c.ReadVersion}");
            Assert.Equal(log.OperationOf(c.WinningVersion!.Value), c.WinningOperation);
            Assert.Contains(committed, o => o.Version == c.WinningVersion && o.Writer != c.Writer);
        }

        // Replaying the successful operations in version order gives the table's rows exactly: no key twice, none lost.
        var model = new SortedDictionary<long, string>();
        foreach (var o in committed.OrderBy(o => o.Version))
        {
            var work = MixedWorkload.OpFor(seed, o.Writer, o.Op);
            foreach (var row in work.Rows)
            {
                if (row.Delete)
                {
                    model.Remove((long)row.Row[0]!);
                }
                else
                {
                    model[(long)row.Row[0]!] = (string)row.Row[1]!;
                }
            }

            foreach (var id in work.DeleteIds)
            {
                model.Remove(id);
            }
        }

        var rows = await TestTables.ReadAsync(_lake.Storage, "mixed");
        var duplicates = rows.GroupBy(r => (long)r[0]!).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"keys held twice: {string.Join(", ", duplicates)}");
        Assert.Equal(model.Select(p => $"{p.Key}:{p.Value}"), rows.Select(r => $"{r[0]}:{r[1]}"));
        Assert.Equal(model.Count, await TableRowCount.CountAsync((await DeltaTable.OpenAsync(_lake.Storage, "mixed", default)).Snapshot, default));

        Assert.True(committed.Count(o => o.Kind == "merge") > 0 && committed.Count(o => o.Kind == "delete") > 0, "the workload committed no merge or no delete");
        return $"{outcomes.Select(o => (o.Writer, o.Op)).Distinct().Count()} operations by {ThreadWriters} threads and {ProcessWriters} processes: " +
            $"{committed.Count} commits (versions 1..{log.LatestVersion}, contiguous), {outcomes.Count(o => o.Result == "noop")} unchanged, " +
            $"{conflicts.Count} conflicts ({string.Join(", ", conflicts.GroupBy(c => c.ConflictKind).Select(g => $"{g.Key} {g.Count()}"))}), " +
            $"{outcomes.GroupBy(o => (o.Writer, o.Op)).Count(g => g.All(o => o.Result == "conflict"))} gave up after {MixedWorkload.Attempts}; " +
            $"{rows.Count} rows, 0 duplicate keys, 0 lost";
    }

    private Process StartWriter(int writer, int seed, string go)
    {
        var helper = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Kardiaflow.Lakehouse.ConcurrentWriter.exe" : "Kardiaflow.Lakehouse.ConcurrentWriter");
        Assert.True(File.Exists(helper), $"The helper process {helper} is not next to the tests; build tests/Lakehouse.ConcurrentWriter.");
        var info = new ProcessStartInfo(helper) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "mixed", _lake.Root, "mixed", Str(writer), Str(OpsPerWriter), Str(seed), go })
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);
}
