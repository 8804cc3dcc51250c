using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Tests.Shared;

/// <summary>The storage faults <see cref="FaultyLakeStorage"/> injects into writes.</summary>
internal enum StorageFault
{
    /// <summary>The write throws before anything is written.</summary>
    FailWrite,

    /// <summary>A put-if-absent of a commit loses its race: another writer's commit (by default a commitInfo-only one) takes the version first.</summary>
    LoseRace,

    /// <summary>The write is delayed (50–400 ms), then done: other writers overtake it.</summary>
    SlowWrite,

    /// <summary>The write is done, then the call throws as if its reply were lost.</summary>
    LoseReply,

    /// <summary>As <see cref="LoseReply"/>, and the next read of the same path fails too, so the writer cannot tell whether it landed.</summary>
    LoseReplyAndReadBack,
}

/// <summary>One fault injected: what, on which call and path.</summary>
internal sealed record InjectedFault(StorageFault Fault, string Call, string Path);

/// <summary>
/// Wraps the engine's storage interface and injects faults into writes (<see cref="ILakeStorage.WriteAsync"/> of data
/// files and checkpoints, <see cref="ILakeStorage.PutIfAbsentAsync"/> of commits): planned ones (<see cref="Plan"/>,
/// one-shot, for engine tests that need a fault at an exact point) and seeded random ones (<see cref="RandomFaults"/>,
/// for pipeline runs). Reads pass through, except a read-back after <see cref="StorageFault.LoseReplyAndReadBack"/>.
/// Every injected fault is recorded in <see cref="Injected"/>.
/// </summary>
internal sealed partial class FaultyLakeStorage(ILakeStorage inner, int seed = 0) : ILakeStorage
{
    private readonly List<(StorageFault Fault, Func<string, bool> Where)> _plan = [];
    private readonly ConcurrentDictionary<string, bool> _failNextRead = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<InjectedFault> _injected = new();
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();
    private volatile RandomPolicy? _randomFaults;

    public string Root => inner.Root;

    public ILakeStorage Inner => inner;

    public IReadOnlyList<InjectedFault> Injected => [.. _injected];

    /// <summary>
    /// What a lost race puts at the commit's path before the put is refused; by default a commitInfo-only commit (a no-op
    /// version, as VACUUM writes). Engine tests set it to commit real actions through another writer.
    /// </summary>
    public Func<string, CancellationToken, Task>? Interloper { get; set; }

    /// <summary>Injects <paramref name="fault"/> into the next write whose path matches <paramref name="where"/> (one-shot, in order).</summary>
    public FaultyLakeStorage Plan(StorageFault fault, Func<string, bool> where)
    {
        lock (_lock)
        {
            _plan.Add((fault, where));
        }

        return this;
    }

    /// <summary>
    /// From now on every commit (put-if-absent of a log entry) gets one of <paramref name="kinds"/> with
    /// <paramref name="commitProbability"/>, every other write with <paramref name="writeProbability"/> (seeded).
    /// </summary>
    public void RandomFaults(double commitProbability, double writeProbability, params StorageFault[] kinds) =>
        _randomFaults = kinds.Length == 0 ? null : new RandomPolicy(commitProbability, writeProbability, kinds);

    public void StopRandomFaults() => _randomFaults = null;

    public static bool IsCommit(string path) => CommitPath().IsMatch(path);

    public static bool IsDataFile(string path) => path.EndsWith(".parquet", StringComparison.Ordinal) && !path.Contains("/_delta_log/", StringComparison.Ordinal);

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) => inner.OpenReadAsync(path, cancellationToken);

    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken) =>
        _failNextRead.TryRemove(path, out _)
            ? throw new IOException($"Injected fault: reading '{path}' failed.")
            : inner.ReadAllBytesAsync(path, cancellationToken);

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var fault = Next(path, canLoseRace: false);
        await BeforeAsync(fault, "write", path, cancellationToken);
        await inner.WriteAsync(path, content, cancellationToken);
        After(fault, path);
    }

    public async Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        // Not version 0: a writer that wins the creation of a table writes its protocol and metadata, never a no-op commit.
        var fault = Next(path, canLoseRace: IsCommit(path) && (Interloper is not null || !path.EndsWith(DeltaPath.CommitFileName(0), StringComparison.Ordinal)));
        if (fault == StorageFault.LoseRace)
        {
            Record(StorageFault.LoseRace, "put-if-absent", path);
            if (Interloper is { } interloper)
            {
                await interloper(path, cancellationToken);
            }
            else
            {
                await inner.PutIfAbsentAsync(path, NoOpCommit(), cancellationToken);
            }
        }

        await BeforeAsync(fault, "put-if-absent", path, cancellationToken);
        var created = await inner.PutIfAbsentAsync(path, content, cancellationToken);
        if (created)
        {
            After(fault, path);
        }

        return created;
    }

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken) => inner.ExistsAsync(path, cancellationToken);

    public IAsyncEnumerable<StorageEntry> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

    private static byte[] NoOpCommit() => Encoding.UTF8.GetBytes(
        $$$"""{"commitInfo":{"timestamp":{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}},"operation":"FAULT INJECTION","operationParameters":{},"isBlindAppend":true,"txnId":"{{{Guid.NewGuid()}}}"}}""" + "\n");

    [GeneratedRegex(@"/_delta_log/\d{20}\.json$|^_delta_log/\d{20}\.json$")]
    private static partial Regex CommitPath();

    private StorageFault? Next(string path, bool canLoseRace)
    {
        lock (_lock)
        {
            // Planned faults first, in order: the head waits for a call it can apply to.
            if (_plan.Count > 0 && _plan[0].Where(path) && (_plan[0].Fault != StorageFault.LoseRace || canLoseRace))
            {
                var planned = _plan[0].Fault;
                _plan.RemoveAt(0);
                return planned;
            }

            if (_randomFaults is not { } random || _random.NextDouble() >= (IsCommit(path) ? random.CommitProbability : random.WriteProbability))
            {
                return null;
            }

            var kinds = canLoseRace ? random.Kinds : random.Kinds.Where(k => k != StorageFault.LoseRace).ToArray();
            return kinds.Length == 0 ? null : kinds[_random.Next(kinds.Length)];
        }
    }

    private async Task BeforeAsync(StorageFault? fault, string call, string path, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case StorageFault.FailWrite:
                Record(fault.Value, call, path);
                throw new IOException($"Injected fault: writing '{path}' failed.");
            case StorageFault.SlowWrite:
                Record(fault.Value, call, path);
                int delay;
                lock (_lock)
                {
                    delay = _random.Next(50, 400);
                }

                await Task.Delay(delay, cancellationToken);
                break;
        }
    }

    private void After(StorageFault? fault, string path)
    {
        if (fault is StorageFault.LoseReply or StorageFault.LoseReplyAndReadBack)
        {
            Record(fault.Value, "reply", path);
            if (fault == StorageFault.LoseReplyAndReadBack)
            {
                _failNextRead[path] = true;
            }

            throw new IOException($"Injected fault: the reply to writing '{path}' was lost (the write succeeded).");
        }
    }

    private void Record(StorageFault fault, string call, string path) => _injected.Enqueue(new InjectedFault(fault, call, path));

    private sealed record RandomPolicy(double CommitProbability, double WriteProbability, StorageFault[] Kinds);
}
