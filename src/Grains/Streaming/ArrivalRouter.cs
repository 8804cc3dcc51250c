using Kardiaflow.Grains.Abstractions.Streaming;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;

namespace Kardiaflow.Grains.Streaming;

/// <summary>
/// Turns a micro-batch of events into per-table rows with the Bronze rules of files (docs/data-contract.md, Streamed arrivals): each dataset's events
/// go through <see cref="JsonRecordParser"/> exactly as JSONL lines would; events that name no known dataset go to
/// <see cref="EventQuarantine"/> with a reason.
/// </summary>
internal static class ArrivalRouter
{
    public static IReadOnlyList<ArrivalTableBatch> Route(IReadOnlyList<ArrivedEvent> events, string sourceFile, string batchId, DateTime ingestTs)
    {
        var general = new ArrivalTableBatch(EventQuarantine.TablePath, quarantine: true);
        var parsers = new Dictionary<string, (DatasetDefinition Dataset, JsonRecordParser Parser)>(StringComparer.Ordinal);
        try
        {
            foreach (var e in events)
            {
                if (DatasetProblem(e) is { } problem)
                {
                    general.AddQuarantined([QuarantinedRecord.FromUtf8(e.SequenceNumber, problem, e.Body)], sourceFile, batchId, ingestTs);
                    continue;
                }

                var dataset = DatasetCatalog.Get(e.Dataset!);
                if (!parsers.TryGetValue(dataset.Name, out var entry))
                {
                    entry = (dataset, new JsonRecordParser(dataset, sourceFile));
                    parsers[dataset.Name] = entry;
                }

                entry.Parser.Add(e.Body, e.SequenceNumber);
            }

            var tables = new List<ArrivalTableBatch>();
            foreach (var (dataset, parser) in parsers.Values)
            {
                var batch = parser.TakeBatch();
                batch.StampAudit(dataset, ingestTs, batchId);
                if (batch.Quarantined.Count > 0)
                {
                    var quarantine = new ArrivalTableBatch(dataset.QuarantineTablePath, quarantine: true);
                    quarantine.AddQuarantined(batch.Quarantined, sourceFile, batchId, ingestTs);
                    tables.Add(quarantine);
                }

                if (batch.Rows.Count > 0)
                {
                    var bronze = new ArrivalTableBatch(dataset.BronzeTablePath, quarantine: false);
                    bronze.AddBronze(dataset, batch.Rows);
                    tables.Add(bronze);
                }
            }

            if (general.Rows.Count > 0)
            {
                tables.Insert(0, general);
            }

            return tables;
        }
        finally
        {
            foreach (var (_, parser) in parsers.Values)
            {
                parser.Dispose();
            }
        }
    }

    /// <summary>Why the event names no dataset, or null when its <c>dataset</c> property names a known one.</summary>
    private static string? DatasetProblem(ArrivedEvent e)
    {
        if (e.DatasetPropertyType is not null)
        {
            return $"The event's dataset property is of type {e.DatasetPropertyType}, not a string.";
        }

        if (string.IsNullOrWhiteSpace(e.Dataset))
        {
            return "The event has no dataset property.";
        }

        if (!DatasetCatalog.TryGet(e.Dataset, out _))
        {
            var name = e.Dataset.Length <= 64 ? e.Dataset : e.Dataset[..64] + "…";
            return $"The event's dataset property '{name}' names no known dataset (patients, encounters, claims, providers, feedback).";
        }

        return null;
    }
}
