using System.Collections.Concurrent;
using System.Diagnostics;
using Kardiaflow.Lakehouse.Diagnostics;
using Kardiaflow.Lakehouse.Log;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.Lakehouse.Tests.Writing;

/// <summary>The engine logs and traces its commits and conflicts, naming tables and versions and never a row value.</summary>
public sealed class EngineTelemetryTests : IDisposable
{
    private readonly TempLake _lake = new();

    public void Dispose() => _lake.Dispose();

    [Fact]
    public async Task Commits_and_conflicts_are_logged_and_traced_without_row_values()
    {
        var logs = new CapturingLoggerFactory();
        LakehouseTelemetry.Initialize(logs);
        var activities = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == LakehouseTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var path = "telemetry-" + Guid.NewGuid().ToString("N");

        var table = await DeltaTable.CreateAsync(_lake.Storage, path, TestTables.Simple, [], new Dictionary<string, string>(), default);
        var stale = await DeltaTable.OpenAsync(_lake.Storage, path, default);
        var b = new TxnAction("file-b", 1);
        var secret = TestTables.Rows(424242, 1, region: "SECRET-REGION-VALUE");
        await table.CommitAsync([.. await table.WriteDataFilesAsync(secret, default), b], DeltaOperations.Write, null, null, default);
        await Assert.ThrowsAsync<DeltaConflictException>(async () => await stale.CommitAsync(
            [.. await stale.WriteDataFilesAsync(TestTables.Rows(0, 1), default), b], DeltaOperations.Write, null, new TxnAction("file-a", 1), default));

        var mine = logs.Events.Where(e => e.Message.Contains(path, StringComparison.Ordinal)).ToList();
        Assert.Contains(mine, e => e.Id == LakehouseEventIds.Committed);
        Assert.Contains(mine, e => e.Id == LakehouseEventIds.Conflict && e.Message.Contains("TransactionsPartlyCommitted", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Events, e => e.Message.Contains("SECRET-REGION-VALUE", StringComparison.Ordinal) || e.Message.Contains("424242", StringComparison.Ordinal));
        var commits = activities.Where(a => a.OperationName == "delta.commit" && (string?)a.GetTagItem("delta.table") == path).ToList();
        Assert.Contains(commits, a => a.Status == ActivityStatusCode.Error);
        Assert.Contains(commits, a => a.Status != ActivityStatusCode.Error && a.GetTagItem("delta.version") is 1L);
    }

    private sealed record LogEvent(int Id, LogLevel Level, string Message);

    private sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<LogEvent> Events { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Events.Enqueue(new LogEvent(eventId.Id, logLevel, formatter(state, exception)));
    }
}
