using System.Text;
using Kardiaflow.Grains.Abstractions.Streaming;
using Kardiaflow.Pipeline.Ingestion;

namespace Kardiaflow.Cluster.Tests.Arrivals;

/// <summary>Builds arrived events the way the Event Hubs provider hands them to the arrivals grains.</summary>
internal static class ArrivalEvents
{
    public static ArrivedEvent Json(long sequence, string? dataset, string json) =>
        new(sequence, (sequence * 100).ToString(System.Globalization.CultureInfo.InvariantCulture), DateTime.UtcNow, null, dataset, null, Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// The records of a submission folder as events over <paramref name="partitions"/> partitions, partitioned by key as
    /// a producer with partition key = record key would: one key's events in one partition, in file order.
    /// </summary>
    public static async Task<Dictionary<string, List<ArrivedEvent>>> FromFolderAsync(string folder, int partitions)
    {
        var byPartition = Enumerable.Range(0, partitions).ToDictionary(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => new List<ArrivedEvent>());
        await foreach (var record in RecordEvents.ReadAsync(folder))
        {
            var partition = Kardiaflow.Pipeline.StableHash.Bucket(record.Key ?? record.SourceFile, partitions).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var list = byPartition[partition];
            list.Add(new ArrivedEvent(list.Count, (list.Count * 100L).ToString(System.Globalization.CultureInfo.InvariantCulture), DateTime.UtcNow, record.Key, record.Dataset, null, record.Body));
        }

        return byPartition;
    }

    /// <summary>Delivers every partition's events in micro-batches of <paramref name="batch"/>, partitions in parallel.</summary>
    public static Task DeliverAsync(IGrainFactory grains, string hub, Dictionary<string, List<ArrivedEvent>> byPartition, int batch) =>
        Task.WhenAll(byPartition.Select(async p =>
        {
            var grain = grains.GetGrain<IArrivalsGrain>(ArrivalStreams.Key(hub, p.Key));
            foreach (var chunk in p.Value.Chunk(batch))
            {
                await grain.IngestAsync(chunk);
            }
        }));
}
