using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Bench.Lakehouse;

/// <summary>
/// The Delta engine against DuckDB on the same data in one run: append of 1M rows, full read of 1M rows, and
/// opening a table of 1,000 commits (with checkpoints).
/// </summary>
public static class LakehouseBench
{
    private static readonly StructType Schema = new(
    [
        new StructField("id", PrimitiveType.Long, Nullable: false),
        new StructField("patient", PrimitiveType.String),
        new StructField("amount", new DecimalType(12, 2)),
        new StructField("day", PrimitiveType.Date),
        new StructField("at", PrimitiveType.Timestamp),
        new StructField("score", PrimitiveType.Double),
    ]);

    public static async Task<int> RunAsync(string[] args)
    {
        var rowCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var commits = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
        var work = Path.Combine(Path.GetTempPath(), "kf-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            Console.WriteLine($"Delta engine vs DuckDB — {rowCount:N0} rows, {commits:N0} commits, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
            var rows = Generate(rowCount);

            // Warm both engines on a small batch so JIT and native loading are not measured.
            await DeltaAppendAsync(Path.Combine(work, "warm"), rows.Take(10_000).ToArray());
            DuckAppend(Path.Combine(work, "warm.duckdb"), rows.Take(10_000).ToArray());
            await DeltaReadAsync(Path.Combine(work, "warm"));
            DuckRead(Path.Combine(work, "warm.duckdb"));

            var deltaWrite = await DeltaAppendAsync(Path.Combine(work, "delta"), rows);
            var duckWrite = DuckAppend(Path.Combine(work, "duck.duckdb"), rows);
            Report("append 1M rows (rows/s)", rowCount / deltaWrite.TotalSeconds, rowCount / duckWrite.TotalSeconds, higherIsBetter: true);

            // Reads are short and the machine is shared: the best of three on each side, interleaved.
            var (deltaRead, deltaCount, duckRead, duckCount) = (TimeSpan.MaxValue, 0L, TimeSpan.MaxValue, 0L);
            for (var run = 0; run < 3; run++)
            {
                var (d, dc) = await DeltaReadAsync(Path.Combine(work, "delta"));
                var (k, kc) = DuckRead(Path.Combine(work, "duck.duckdb"));
                (deltaRead, deltaCount) = d < deltaRead ? (d, dc) : (deltaRead, dc);
                (duckRead, duckCount) = k < duckRead ? (k, kc) : (duckRead, kc);
            }

            Check(deltaCount == rowCount && duckCount == rowCount, $"read counts {deltaCount}/{duckCount}");
            Report("full read 1M rows (rows/s)", rowCount / deltaRead.TotalSeconds, rowCount / duckRead.TotalSeconds, higherIsBetter: true);

            var open = await DeltaOpenAsync(Path.Combine(work, "commits"), commits);
            var duckOpen = DuckOpen(Path.Combine(work, "duck.duckdb"));
            Console.WriteLine($"{"open table of " + commits + " commits (ms)",-34} delta {open.TotalMilliseconds,10:F1}   duckdb open+count {duckOpen.TotalMilliseconds,8:F1}   target < 100 ms: {(open.TotalMilliseconds < 100 ? "met" : "MISSED")}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static object?[][] Generate(int count)
    {
        var random = new Random(42);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var rows = new object?[count][];
        for (var i = 0; i < count; i++)
        {
            rows[i] =
            [
                (long)i,
                i % 50 == 0 ? null : "patient-" + (i % 20_000).ToString(CultureInfo.InvariantCulture),
                Math.Round((decimal)(random.NextDouble() * 10_000), 2),
                DateOnly.FromDateTime(start).AddDays(i % 365),
                start.AddSeconds(i),
                random.NextDouble(),
            ];
        }

        return rows;
    }

    private static async Task<TimeSpan> DeltaAppendAsync(string root, object?[][] rows)
    {
        Directory.CreateDirectory(root);
        var storage = new LocalLakeStorage(root);
        var table = await DeltaTable.CreateAsync(storage, "t", Schema, [], new Dictionary<string, string>(), default);
        var sw = Stopwatch.StartNew();
        await table.AppendAsync(rows, null, default);
        return sw.Elapsed;
    }

    private static async Task<(TimeSpan, long)> DeltaReadAsync(string root)
    {
        var storage = new LocalLakeStorage(root);
        var sw = Stopwatch.StartNew();
        var table = await DeltaTable.OpenAsync(storage, "t", default);
        long count = 0, checksum = 0;
        await foreach (var row in TableReader.Read(table.Snapshot, default).Rows)
        {
            count++;
            checksum += (long)row[0]!;
        }

        GC.KeepAlive(checksum);
        return (sw.Elapsed, count);
    }

    private static async Task<TimeSpan> DeltaOpenAsync(string root, int commits)
    {
        Directory.CreateDirectory(root);
        var storage = new LocalLakeStorage(root);
        var table = await DeltaTable.CreateAsync(storage, "t", Schema, [], new Dictionary<string, string>(), default);
        var batch = Generate(10);
        for (var i = 1; i < commits; i++)
        {
            var files = await table.WriteDataFilesAsync(batch, default);
            await table.CommitAsync(files, "WRITE", null, new TxnAction("bench", i), default);
        }

        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 5; run++)
        {
            var sw = Stopwatch.StartNew();
            var opened = await DeltaTable.OpenAsync(storage, "t", default);
            sw.Stop();
            Check(opened.Version == commits - 1, $"opened version {opened.Version}");
            best = sw.Elapsed < best ? sw.Elapsed : best;
        }

        return best;
    }

    private static TimeSpan DuckAppend(string file, object?[][] rows)
    {
        var sw = Stopwatch.StartNew();
        using var connection = new DuckDBConnection($"Data Source={file}");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (id BIGINT NOT NULL, patient VARCHAR, amount DECIMAL(12,2), day DATE, ts TIMESTAMP, score DOUBLE)";
            create.ExecuteNonQuery();
        }

        using (var appender = connection.CreateAppender("t"))
        {
            foreach (var r in rows)
            {
                var row = appender.CreateRow();
                row.AppendValue((long)r[0]!);
                if (r[1] is string s)
                {
                    row.AppendValue(s);
                }
                else
                {
                    row.AppendNullValue();
                }

                row.AppendValue((decimal)r[2]!).AppendValue((DateOnly)r[3]!).AppendValue((DateTime)r[4]!).AppendValue((double)r[5]!).EndRow();
            }
        }

        using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "CHECKPOINT";
            checkpoint.ExecuteNonQuery();
        }

        return sw.Elapsed;
    }

    private static (TimeSpan, long) DuckRead(string file)
    {
        var sw = Stopwatch.StartNew();
        using var connection = new DuckDBConnection($"Data Source={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM t";
        using var reader = command.ExecuteReader();
        long count = 0, checksum = 0;
        var values = new object[reader.FieldCount];
        while (reader.Read())
        {
            reader.GetValues(values);
            count++;
            checksum += (long)values[0];
        }

        GC.KeepAlive(checksum);
        return (sw.Elapsed, count);
    }

    private static TimeSpan DuckOpen(string file)
    {
        var sw = Stopwatch.StartNew();
        using var connection = new DuckDBConnection($"Data Source={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM t";
        command.ExecuteScalar();
        return sw.Elapsed;
    }

    private static void Report(string what, double delta, double duck, bool higherIsBetter)
    {
        var ratio = higherIsBetter ? delta / duck : duck / delta;
        Console.WriteLine($"{what,-34} delta {delta,12:N0}   duckdb {duck,12:N0}   ratio {ratio,5:F2}x {(ratio >= 0.5 ? "(target 0.5x met)" : "(below 0.5x target)")}");
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Benchmark sanity check failed: " + what);
        }
    }
}
