using System.Diagnostics;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Kardiaflow.Grains.Streaming;
using Kardiaflow.Pipeline.Ingestion;

namespace Kardiaflow.Client.Streaming;

/// <summary>
/// Publishes records as events, one event per record, partition key = the record's key. Records are taken in windows:
/// inside a window the distinct keys are sent concurrently (each key's events in order, as one send), and a window
/// starts after the previous one is acknowledged, so one key's events always reach their partition in file order.
/// </summary>
internal sealed class EventPublisher(EventHubProducerClient producer, int window, int concurrency)
{
    public long Published { get; private set; }

    public TimeSpan Elapsed => _clock.Elapsed;

    private readonly Stopwatch _clock = new();

    /// <summary>Publishes every record; <paramref name="rate"/> events/s at most (null: as fast as the hub takes them).</summary>
    public async Task PublishAsync(IAsyncEnumerable<RecordEvent> records, double? rate, Action<long>? progress, CancellationToken cancellationToken)
    {
        _clock.Start();
        var pending = new List<RecordEvent>(window);
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            pending.Add(record);
            if (pending.Count >= window)
            {
                await SendWindowAsync(pending, rate, cancellationToken);
                progress?.Invoke(Published);
                pending.Clear();
            }
        }

        if (pending.Count > 0)
        {
            await SendWindowAsync(pending, rate, cancellationToken);
            progress?.Invoke(Published);
        }

        _clock.Stop();
    }

    private async Task SendWindowAsync(List<RecordEvent> records, double? rate, CancellationToken cancellationToken)
    {
        var groups = records.GroupBy(r => r.Key).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            var events = group.Select(ToEventData).ToList();
            // A record without a key (one the reader could not read) has no order to keep: any partition will do.
            var options = group.Key is null ? new SendEventOptions() : new SendEventOptions { PartitionKey = group.Key };
            await producer.SendAsync(events, options, ct);
        });
        Published += records.Count;
        if (rate is > 0)
        {
            // Hold the average at the requested rate: wait until the clock catches up with what was sent.
            var due = TimeSpan.FromSeconds(Published / rate.Value);
            if (due > _clock.Elapsed)
            {
                await Task.Delay(due - _clock.Elapsed, cancellationToken);
            }
        }
    }

    private static EventData ToEventData(RecordEvent record)
    {
        var data = new EventData(record.Body) { ContentType = "application/json" };
        data.Properties[ArrivalsDataAdapter.DatasetProperty] = record.Dataset;
        return data;
    }
}
