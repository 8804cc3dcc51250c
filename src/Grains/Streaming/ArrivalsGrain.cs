using System.Globalization;
using Kardiaflow.Grains.Abstractions.Streaming;
using Kardiaflow.Grains.Abstractions.Tables;
using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Grains.Ingestion;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Kardiaflow.Grains.Streaming;

/// <summary>
/// The arrivals of one Event Hubs partition (key <c>&lt;hub&gt;/&lt;partition&gt;</c>). Each delivery of the pulling
/// agent is one micro-batch: routed per table (<see cref="ArrivalRouter"/>), written as data files, committed to every
/// table it touches with <c>txn(kardiaflow-eventhubs-&lt;hub&gt;-&lt;partition&gt;, last sequence number)</c>, and only
/// then acknowledged.
/// </summary>
/// <remarks>
/// Exactly once (docs/adr/streamed-arrivals.md): the provider may deliver an event again (a restart from an older
/// checkpoint, a rebalance, a failed delivery). Events at or below the committed sequence number in this grain's state
/// are dropped at once; for the rest, each table's own txn version says which of them it already holds (a crash between
/// two tables' commits), and a commit only happens when that txn version is still the one read, so two activations of
/// one partition can never both add a row. Nothing is acknowledged before it is durable, so a checkpoint never passes
/// an uncommitted event.
/// Concurrency: not reentrant; one micro-batch at a time, in sequence order, which the agent also guarantees per stream.
/// </remarks>
[ImplicitStreamSubscription(ArrivalStreams.Namespace)]
public sealed partial class ArrivalsGrain(
    [PersistentState("arrivals", GrainStorageNames.Default)] IPersistentState<ArrivalsState> state,
    ILakeStorage storage,
    IOptions<IngestionOptions> ingestion,
    ILogger<ArrivalsGrain> logger) : Grain, IArrivalsGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<ArrivedEvent>
{
    private string _hub = "";
    private string _partition = "";

    private ArrivalsState State => state.State;

    private string AppId => "kardiaflow-eventhubs-" + _hub + "-" + _partition;

    private string SourceFile => ArrivalStreams.SourceFile(_hub, _partition);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        _hub = slash > 0 ? key[..slash] : "arrivals";
        _partition = key[(slash + 1)..];
        return Task.CompletedTask;
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<ArrivedEvent>().ResumeAsync(this);
    }

    public Task OnNextAsync(IList<SequentialItem<ArrivedEvent>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return IngestAsync(items.Select(i => i.Item).ToList());
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(logger, ex, _hub, _partition);
        return Task.CompletedTask;
    }

    public Task<ArrivalsStatus> GetStatusAsync() => Task.FromResult(new ArrivalsStatus(
        _partition, State.CommittedSequenceNumber, State.BronzeRows, State.Quarantined, State.Redelivered, State.NewestEnqueuedTimeUtc));

    async Task<ArrivalBatchResult> IArrivalsGrain.IngestAsync(IReadOnlyList<ArrivedEvent> events) => await IngestAsync(events);

    private async Task<ArrivalBatchResult> IngestAsync(IReadOnlyList<ArrivedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var fresh = events.Where(e => e.SequenceNumber > State.CommittedSequenceNumber).OrderBy(e => e.SequenceNumber).ToList();
        var redelivered = events.Count - fresh.Count;
        if (fresh.Count == 0)
        {
            if (redelivered > 0)
            {
                State.Redelivered += redelivered;
                LogRedelivered(logger, _hub, _partition, redelivered);
            }

            return new ArrivalBatchResult(0, 0, redelivered);
        }

        var first = fresh[0].SequenceNumber;
        var last = fresh[^1].SequenceNumber;
        // One time per micro-batch, millisecond precision: the rows' _ingest_ts and the commits' own timestamp.
        var now = DateTime.UtcNow;
        var ingestTs = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        var batchId = string.Create(CultureInfo.InvariantCulture, $"eventhubs-{_hub}-{_partition}-{first}-{last}");
        var tables = ArrivalRouter.Route(fresh, SourceFile, batchId, ingestTs);

        int bronze = 0, quarantined = 0;
        // Quarantine tables first, Bronze last (as for files); each table is idempotent on its own txn.
        foreach (var table in tables.OrderBy(t => t.IsQuarantine ? 0 : 1))
        {
            var added = await CommitTableAsync(table, batchId, ingestTs, last, fresh);
            if (table.IsQuarantine)
            {
                quarantined += added;
            }
            else
            {
                bronze += added;
            }
        }

        State.CommittedSequenceNumber = last;
        State.BronzeRows += bronze;
        State.Quarantined += quarantined;
        State.Redelivered += redelivered + (fresh.Count - bronze - quarantined);
        var newest = fresh.Max(e => e.EnqueuedTimeUtc);
        if (State.NewestEnqueuedTimeUtc is null || newest > State.NewestEnqueuedTimeUtc)
        {
            State.NewestEnqueuedTimeUtc = newest;
        }

        // A lost write only means the next redelivery is filtered by the tables' txns instead of this number.
        await state.WriteStateAsync();
        LogBatchCommitted(logger, _hub, _partition, first, last, bronze, quarantined);
        return new ArrivalBatchResult(bronze, quarantined, redelivered + (fresh.Count - bronze - quarantined));
    }

    /// <summary>Commits the rows the table does not hold yet; returns how many it added.</summary>
    private async Task<int> CommitTableAsync(ArrivalTableBatch batch, string batchId, DateTime ingestTs, long last, IReadOnlyList<ArrivedEvent> events)
    {
        var grain = GrainFactory.GetGrain<IDeltaTableGrain>(batch.TablePath);
        await grain.EnsureCreatedAsync();
        var committed = (await grain.GetCommittedAppIdsAsync([AppId])).GetValueOrDefault(AppId, -1);
        while (true)
        {
            if (committed >= last)
            {
                return 0;
            }

            var rows = batch.After(committed);
            if (rows.Count == 0)
            {
                return 0;
            }

            var sink = new DataFileSink(await DeltaTable.OpenAsync(storage, batch.TablePath, CancellationToken.None), ingestion.Value.RowsPerDataFile);
            await sink.AddAsync(rows);
            await sink.FlushAsync();
            var receipt = await grain.CommitSequenceAsync(new SequenceCommitRequest(batchId, ingestTs, AppId, committed, last, sink.Files, rows.Count));
            if (receipt.Committed)
            {
                if (!batch.IsQuarantine && receipt.TableVersion is { } version)
                {
                    // For Gold's freshness: the newest enqueued time among the events this version holds.
                    var held = batch.Rows.Where(r => r.Sequence > committed).Select(r => r.Sequence).ToHashSet();
                    var newest = events.Where(e => held.Contains(e.SequenceNumber)).Max(e => e.EnqueuedTimeUtc);
                    await GrainFactory.GetGrain<IArrivalsWatermarkGrain>(0).RecordAsync(batch.TablePath, version, newest);
                }

                return rows.Count;
            }

            // Another writer moved this partition's txn in the table: its data files are orphans, cut again after it.
            LogTxnMoved(logger, batch.TablePath, _hub, _partition, committed, receipt.TxnVersion);
            committed = receipt.TxnVersion;
        }
    }

    [LoggerMessage(EventId = GrainEventIds.Arrivals.BatchCommitted, Level = LogLevel.Information, Message = "Arrivals {Hub}/{Partition}: committed sequence numbers {First}..{Last}: {Bronze} Bronze rows, {Quarantined} quarantined")]
    private static partial void LogBatchCommitted(ILogger logger, string hub, string partition, long first, long last, int bronze, int quarantined);

    [LoggerMessage(EventId = GrainEventIds.Arrivals.Redelivered, Level = LogLevel.Information, Message = "Arrivals {Hub}/{Partition}: dropped {Count} redelivered events")]
    private static partial void LogRedelivered(ILogger logger, string hub, string partition, int count);

    [LoggerMessage(EventId = GrainEventIds.Arrivals.TxnMoved, Level = LogLevel.Warning, Message = "Arrivals {Hub}/{Partition}: {Table} moved from txn {Expected} to {Actual} meanwhile; committing what is left")]
    private static partial void LogTxnMoved(ILogger logger, string table, string hub, string partition, long expected, long actual);

    [LoggerMessage(EventId = GrainEventIds.Arrivals.StreamError, Level = LogLevel.Warning, Message = "Arrivals {Hub}/{Partition}: stream error")]
    private static partial void LogStreamError(ILogger logger, Exception exception, string hub, string partition);
}
