using System.Diagnostics;
using System.Globalization;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;

namespace Kardiaflow.Bench.Pipeline;

/// <summary>
/// Where Bronze time goes, without Orleans: <c>bench bronze-profile DATA [LAKE]</c> reads every file of each dataset on
/// one thread (reader only), then reads and writes its Bronze data files (reader + Parquet writer), and prints seconds
/// and records/s per dataset for both, so the writer's share is the difference.
/// </summary>
internal static class BronzeProfile
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var data = Path.GetFullPath(args[0]);
        var lake = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "kf-bronze-profile"));
        var only = args.Length > 2 ? args[2] : null;
        if (Directory.Exists(lake))
        {
            Directory.Delete(lake, recursive: true);
        }

        var storage = new LocalLakeStorage(lake);
        Console.WriteLine($"{"dataset",-12}{"records",10}{"read s",9}{"read rec/s",12}{"write s",9}{"total rec/s",13}");
        foreach (var dataset in DatasetCatalog.All.Where(d => only is null || d.Name == only))
        {
            var folder = Path.Combine(data, dataset.Name);
            var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => Path.GetRelativePath(data, f).Replace('\\', '/')).ToList();
            var table = await DeltaTable.OpenOrCreateAsync(storage, dataset.BronzeTablePath, dataset.BronzeSchema, [], new Dictionary<string, string>(), cancellationToken);
            long records = 0;
            var read = Stopwatch.StartNew();
            foreach (var file in files)
            {
                await using var session = await RawFileReader.OpenAsync(data, file, dataset, null, cancellationToken);
                await foreach (var batch in session.ReadBatchesAsync(cancellationToken))
                {
                    records += batch.RecordsRead;
                }
            }

            read.Stop();
            var both = Stopwatch.StartNew();
            var buffer = new List<object?[]>();
            foreach (var file in files)
            {
                await using var session = await RawFileReader.OpenAsync(data, file, dataset, null, cancellationToken);
                await foreach (var batch in session.ReadBatchesAsync(cancellationToken))
                {
                    batch.StampAudit(dataset, DateTime.UtcNow, "profile");
                    buffer.AddRange(batch.Rows);
                    if (buffer.Count >= 100_000)
                    {
                        await table.WriteDataFilesAsync(buffer, cancellationToken);
                        buffer.Clear();
                    }
                }
            }

            await table.WriteDataFilesAsync(buffer, cancellationToken);
            both.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{dataset.Name,-12}{records,10}{read.Elapsed.TotalSeconds,9:F2}{records / read.Elapsed.TotalSeconds,12:N0}{(both.Elapsed - read.Elapsed).TotalSeconds,9:F2}{records / both.Elapsed.TotalSeconds,13:N0}"));
        }

        return 0;
    }
}
