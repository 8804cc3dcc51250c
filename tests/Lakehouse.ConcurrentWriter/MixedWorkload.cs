using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.ConcurrentWriter;

/// <summary>One operation of the mixed workload, derived from (seed, writer, op) alone so the test can replay it.</summary>
public sealed record WorkloadOp(string Kind, IReadOnlyList<MergeRow> Rows, IReadOnlyList<long> DeleteIds);

/// <summary>What one attempt of one operation did: committed (with its version), changed nothing, or lost to a conflict (with the winner).</summary>
public sealed record WorkloadOutcome(
    int Writer, int Op, int Attempt, string Kind, string Result, long? Version, long? ReadVersion, long? WinningVersion, string? WinningOperation,
    string? ConflictKind);

/// <summary>
/// Appends (rows only this writer has, under a txn), MERGEs (upserts and deletes of keys every writer shares) and
/// DELETEs (of shared keys) on one table, as the many-writers test runs it in threads and in processes. A conflict is
/// recorded and the operation retried on a fresh snapshot, up to three attempts.
/// </summary>
public static class MixedWorkload
{
    /// <summary>Op n merges and deletes keys in [2n, 2n + KeyWindow), as every writer's op n does: the contention.</summary>
    public const int KeyWindow = 6;

    public const int Attempts = 3;

    public static readonly StructType Schema = new(
    [
        new StructField("id", PrimitiveType.Long, Nullable: false),
        new StructField("name", PrimitiveType.String),
        new StructField("amount", new DecimalType(10, 2)),
        new StructField("day", PrimitiveType.Date),
        new StructField("region", PrimitiveType.String),
    ]);

    public static object?[] Row(long id, string name) => [id, name, id * 1.25m, new DateOnly(2024, 1, 1).AddDays((int)(Math.Abs(id) % 30)), "EU"];

    public static WorkloadOp OpFor(int seed, int writer, int op)
    {
        // Not HashCode.Combine: it is seeded per process, and the test replays the processes' operations.
        var random = new Random(unchecked((seed * 1_000_003) + (writer * 10_007) + op));
        var roll = random.Next(10);
        // A window of shared keys that moves with the op: writers that run side by side insert the same fresh keys at once.
        var keys = Enumerable.Range(0, 3).Select(_ => (long)((op * 2) + random.Next(KeyWindow))).Distinct().ToList();
        var name = $"w{writer}o{op}";
        if (roll < 4)
        {
            var rows = Enumerable.Range(0, 3).Select(i => new MergeRow(Row(1_000_000 + writer * 10_000 + op * 10 + i, name))).ToList();
            return new WorkloadOp("append", rows, []);
        }

        if (roll < 8)
        {
            var deleteOne = random.Next(4) == 0;
            var rows = keys.Select((k, i) => new MergeRow(Row(k, name), Delete: deleteOne && i == 0)).ToList();
            return new WorkloadOp("merge", rows, []);
        }

        return new WorkloadOp("delete", [], keys.Take(2).ToList());
    }

    public static async Task<List<WorkloadOutcome>> RunAsync(
        ILakeStorage storage, string tablePath, int writer, int ops, int seed, Action<WorkloadOutcome>? report, CancellationToken cancellationToken)
    {
        var table = await DeltaTable.OpenAsync(storage, tablePath, cancellationToken).ConfigureAwait(false);
        var outcomes = new List<WorkloadOutcome>();
        for (var op = 0; op < ops; op++)
        {
            var work = OpFor(seed, writer, op);
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                await table.RefreshAsync(cancellationToken).ConfigureAwait(false);
                var read = table.Version;
                WorkloadOutcome outcome;
                try
                {
                    outcome = await ApplyAsync(table, work, writer, op, attempt, cancellationToken).ConfigureAwait(false);
                }
                catch (DeltaConflictException e)
                {
                    outcome = new WorkloadOutcome(writer, op, attempt, work.Kind, "conflict", null, read, e.WinningVersion, e.WinningOperation, e.Kind.ToString());
                }

                outcomes.Add(outcome);
                report?.Invoke(outcome);
                if (outcome.Result != "conflict")
                {
                    break;
                }
            }
        }

        return outcomes;
    }

    private static async Task<WorkloadOutcome> ApplyAsync(DeltaTable table, WorkloadOp work, int writer, int op, int attempt, CancellationToken cancellationToken)
    {
        var read = table.Version;
        switch (work.Kind)
        {
            case "append":
            {
                var result = await table.AppendAsync(work.Rows.Select(r => r.Row).ToList(), new TxnAction($"writer-{writer}", op), cancellationToken).ConfigureAwait(false);
                return new WorkloadOutcome(writer, op, attempt, work.Kind, result.AlreadyCommitted ? "already" : "committed", result.Version, read, null, null, null);
            }

            case "merge":
            {
                var result = await table.MergeAsync(["id"], work.Rows, null, cancellationToken).ConfigureAwait(false);
                var changed = result.Inserted + result.Updated + result.Deleted > 0;
                return new WorkloadOutcome(writer, op, attempt, work.Kind, changed ? "committed" : "noop", changed ? result.Version : null, read, null, null, null);
            }

            default:
            {
                var ids = work.DeleteIds.ToHashSet();
                var result = await table.DeleteAsync(r => ids.Contains((long)r[0]!), $"id in ({string.Join(", ", work.DeleteIds)})", cancellationToken).ConfigureAwait(false);
                var changed = result.RowsDeleted > 0;
                return new WorkloadOutcome(writer, op, attempt, work.Kind, changed ? "committed" : "noop", changed ? result.Version : null, read, null, null, null);
            }
        }
    }
}
