using System.CommandLine;
using System.Globalization;
using Kardiaflow.Client.Hosting;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.Startup;

namespace Kardiaflow.Client.Lake;

/// <summary>
/// <c>kardiaflow lake read|changes|history</c>: inspect any Delta table on disk (ours, Spark's, delta-rs's).
/// Engine errors print their message to stderr and exit 1; they are written to be read by an operator as they are. A
/// folder that holds no Delta table is bad usage, exit 2, as every command treats a path that is not a lake.
/// </summary>
internal static class LakeCommand
{
    public const int Failed = 1;

    /// <param name="output">Where rows go; standard output when null (tests pass a writer to run in-process).</param>
    /// <param name="error">Where errors go; standard error when null.</param>
    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var lake = new Command("lake", "Read a Delta table's rows, change feed or history.");
        lake.Subcommands.Add(CreateRead(output, error));
        lake.Subcommands.Add(CreateChanges(output, error));
        lake.Subcommands.Add(CreateHistory(output, error));
        return lake;
    }

    private static Command CreateRead(TextWriter? output, TextWriter? error)
    {
        var table = TableArgument();
        var version = new Option<long?>("--version") { Description = "Read this version (time travel)." };
        var timestamp = new Option<string?>("--timestamp") { Description = "Read the version current at this time (ISO-8601; no zone means UTC)." };
        var format = FormatOption("jsonl");
        var command = new Command("read", "Print a Delta table's rows.") { table, version, timestamp, format };
        command.Validators.Add(r =>
        {
            if (r.GetValue(version) is not null && r.GetValue(timestamp) is not null)
            {
                r.AddError("--version and --timestamp cannot be combined.");
            }

            if (r.GetValue(timestamp) is { } t && !TryParseTimestamp(t, out _))
            {
                r.AddError($"--timestamp '{t}' is not an ISO-8601 date or time.");
            }
        });
        command.SetAction((r, ct) => RunAsync(error, async () =>
        {
            var storage = Storage(r.GetRequiredValue(table));
            var snapshot = r.GetValue(timestamp) is { } t && TryParseTimestamp(t, out var at)
                ? ExistedAt(await Snapshot.LoadAsOfAsync(storage, string.Empty, at, ct), at)
                : await Snapshot.LoadAsync(storage, string.Empty, r.GetValue(version), ct);
            await LakeOutput.WriteAsync(TableReader.Read(snapshot, ct), r.GetRequiredValue(format), output ?? Console.Out, ct);
        }));
        return command;
    }

    private static Command CreateChanges(TextWriter? output, TextWriter? error)
    {
        var table = TableArgument();
        var from = new Option<long>("--from") { Description = "First version of the feed (inclusive).", Required = true };
        var to = new Option<long?>("--to") { Description = "Last version of the feed (inclusive); latest when omitted." };
        var format = FormatOption("jsonl");
        var command = new Command("changes", "Print a Delta table's change data feed with _change_type, _commit_version, _commit_timestamp.")
        {
            table, from, to, format,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(from) < 0)
            {
                r.AddError("--from cannot be negative.");
            }

            if (r.GetValue(to) is { } w && w < r.GetValue(from))
            {
                r.AddError("--to cannot be below --from.");
            }
        });
        command.SetAction((r, ct) => RunAsync(error, async () =>
        {
            var rows = await TableChanges.ReadAsync(Storage(r.GetRequiredValue(table)), string.Empty, r.GetValue(from), r.GetValue(to), ct);
            await LakeOutput.WriteAsync(rows, r.GetRequiredValue(format), output ?? Console.Out, ct);
        }));
        return command;
    }

    private static Command CreateHistory(TextWriter? output, TextWriter? error)
    {
        var table = TableArgument();
        var limit = new Option<int?>("--limit") { Description = "Show at most this many commits (newest first)." };
        var format = FormatOption("table");
        var command = new Command("history", "Print a Delta table's commits, newest first.") { table, limit, format };
        command.Validators.Add(r =>
        {
            if (r.GetValue(limit) is < 1)
            {
                r.AddError("--limit must be at least 1.");
            }
        });
        command.SetAction((r, ct) => RunAsync(error, async () =>
        {
            var history = await TableHistory.ReadAsync(Storage(r.GetRequiredValue(table)), string.Empty, r.GetValue(limit), ct);
            var rows = new TableRows(LakeOutput.HistorySchema, HistoryRows(history));
            await LakeOutput.WriteAsync(rows, r.GetRequiredValue(format), output ?? Console.Out, ct);
        }));
        return command;
    }

    /// <summary>
    /// The engine answers an instant before the first version still in the log with that version (as delta-rs does);
    /// before the table was created there is nothing to read, and the console says so instead of printing version 0.
    /// </summary>
    private static Snapshot ExistedAt(Snapshot snapshot, DateTimeOffset at)
    {
        if (snapshot.EarliestVersion == 0 && snapshot.Version == 0 && snapshot.CommitTimestamps.Count > 0
            && at.ToUnixTimeMilliseconds() < snapshot.CommitTimestamps[0].Timestamp)
        {
            var created = DateTimeOffset.FromUnixTimeMilliseconds(snapshot.CommitTimestamps[0].Timestamp);
            throw new VersionNotFoundException(
                $"The table did not exist at {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'}: its first version was committed at " +
                $"{created.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'}. Ask for a time at or after that.");
        }

        return snapshot;
    }

    private static async IAsyncEnumerable<object?[]> HistoryRows(IReadOnlyList<HistoryEntry> history)
    {
        foreach (var entry in history)
        {
            var info = entry.CommitInfo;
            yield return
            [
                entry.Version,
                DateTime.UnixEpoch.AddMilliseconds(entry.Timestamp),
                info?.Operation,
                info?.OperationParameters?.ToDictionary(kv => (object)kv.Key, kv => (object?)kv.Value),
                info?.ReadVersion,
                info?.IsBlindAppend,
                info?.EngineInfo,
                info?.OperationMetrics?.ToDictionary(kv => (object)kv.Key, kv => (object?)kv.Value),
            ];
        }

        await Task.CompletedTask;
    }

    private static Argument<string> TableArgument() =>
        new("TABLE_DIR")
        {
            Description = "The table's folder (the one holding _delta_log); with Kardiaflow__Profile=Azure, its path in the lake container (e.g. silver/silver_patients).",
        };

    private static Option<string> FormatOption(string defaultFormat)
    {
        var format = new Option<string>("--format") { Description = "Output format: jsonl, csv or table.", DefaultValueFactory = _ => defaultFormat };
        format.AcceptOnlyFromAmong(LakeOutput.Formats);
        return format;
    }

    private static ILakeStorage Storage(string table) => ClientProfile.FromEnvironment().TableStorage(table);

    private static bool TryParseTimestamp(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    private static async Task<int> RunAsync(TextWriter? error, Func<Task> action)
    {
        try
        {
            await action();
            return 0;
        }
        catch (TableNotFoundException e)
        {
            await (error ?? Console.Error).WriteLineAsync(e.Message);
            return KardiaflowCommandLine.BadUsage;
        }
        catch (Exception e) when (e is DeltaLakeException or IOException or UnauthorizedAccessException or SiloStartupException or Azure.RequestFailedException)
        {
            // The engine's messages already say what happened and what to do; a stack trace would only bury that.
            await (error ?? Console.Error).WriteLineAsync(e.Message);
            return Failed;
        }
    }
}
