using System.Text;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;
using Kardiaflow.Tests.Shared.Fuzz;

namespace Kardiaflow.Pipeline.Tests.Ingestion.Fuzz;

/// <summary>The outcome of one fuzz case: what was read, and every invariant it broke (empty when it held).</summary>
internal sealed record FuzzVerdict(FuzzCase Case, ReadTrace Whole, IReadOnlyList<string> Problems, TimeSpan Elapsed);

/// <summary>
/// Reads one fuzz case three ways through the real readers (whole file; by parts as the planner cuts it; whole with a small
/// record-size limit) under a time bound, and checks: no exception but a refusal naming the file; every record read ends
/// once in Bronze or in quarantine with a reason (source rows 1..N, each once); parts read exactly what the whole read
/// reads; a record over the limit quarantines itself and changes nothing else; JSONL gives one record per non-blank line,
/// and a line left intact by the mutations lands in Bronze with its key.
/// </summary>
internal static class FuzzOracle
{
    public static readonly RawReaderOptions SmallLimits = new() { MaxCsvRecordChars = FuzzGenerator.SmallLimit, MaxJsonLineBytes = FuzzGenerator.SmallLimit, BatchSize = 64 };

    public static async Task<FuzzVerdict> CheckAsync(FuzzCase fuzz, string root, TimeSpan bound)
    {
        var path = Path.Combine(root, fuzz.Dataset, fuzz.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, fuzz.Bytes);
        var dataset = DatasetCatalog.Get(fuzz.Dataset);
        var problems = new List<string>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(bound);
        ReadTrace? whole = null;
        try
        {
            var work = Task.Run(async () =>
            {
                var w = await FuzzReader.ReadAsync(root, fuzz.RelativePath, dataset, RawReaderOptions.Default, null, cancel.Token);
                var parts = await FuzzReader.ReadAsync(root, fuzz.RelativePath, dataset, RawReaderOptions.Default, Math.Max(64, fuzz.Bytes.Length / 3), cancel.Token);
                var small = await FuzzReader.ReadAsync(root, fuzz.RelativePath, dataset, SmallLimits, null, cancel.Token);
                return (w, parts, small);
            });
            var (wholeTrace, partsTrace, smallTrace) = await work.WaitAsync(bound + TimeSpan.FromSeconds(1));
            whole = wholeTrace;
            problems.AddRange(wholeTrace.Problems.Select(p => "whole: " + p));
            problems.AddRange(partsTrace.Problems.Select(p => "parts: " + p));
            problems.AddRange(smallTrace.Problems.Select(p => "small limit: " + p));
            CompareParts(wholeTrace, partsTrace, problems);
            CompareSmallLimit(wholeTrace, smallTrace, problems);
            CheckRefusal(fuzz, wholeTrace, problems);
            CheckLines(fuzz, wholeTrace, problems);
            if (wholeTrace.Counts.RecordsRead > Math.Max(1, fuzz.Bytes.Length))
            {
                problems.Add($"{wholeTrace.Counts.RecordsRead} records read from {fuzz.Bytes.Length} bytes: record counts taken from damaged framing");
            }
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            problems.Add($"HANG: not done within {bound.TotalSeconds:F0} s");
        }
        catch (Exception e)
        {
            problems.Add($"CRASH: {e.GetType().FullName}: {e.Message}\n{e.StackTrace}");
        }

        return new FuzzVerdict(fuzz, whole ?? new ReadTrace([], RecordCounts.Zero, null, []), problems, started.Elapsed);
    }

    private static void CompareParts(ReadTrace whole, ReadTrace parts, List<string> problems)
    {
        if ((whole.Refused is null) != (parts.Refused is null))
        {
            problems.Add($"whole read {(whole.Refused is null ? "succeeded" : "refused")}, parts {(parts.Refused is null ? "succeeded" : "refused: " + parts.Refused.Message)}");
            return;
        }

        if (whole.Records.Count != parts.Records.Count)
        {
            problems.Add($"whole read gave {whole.Records.Count} records, parts {parts.Records.Count}");
            return;
        }

        for (var i = 0; i < whole.Records.Count; i++)
        {
            if (whole.Records[i] != parts.Records[i])
            {
                problems.Add($"record {i + 1} differs between the whole read and the parts: {Short(whole.Records[i])} vs {Short(parts.Records[i])}");
                return;
            }
        }
    }

    private static void CompareSmallLimit(ReadTrace whole, ReadTrace small, List<string> problems)
    {
        if (small.Refused is { } refused)
        {
            if (whole.Refused is null && refused.Kind != InputFileErrorKind.RecordTooLarge)
            {
                problems.Add($"refused only under the small limit, not for size: {refused.Message}");
            }

            return;
        }

        if (whole.Refused is not null)
        {
            problems.Add("refused under the default limit but read under the small one");
            return;
        }

        if (whole.Records.Count != small.Records.Count)
        {
            problems.Add($"the small limit changed the number of records: {whole.Records.Count} vs {small.Records.Count}");
            return;
        }

        for (var i = 0; i < whole.Records.Count; i++)
        {
            var s = small.Records[i];
            if (s.Quarantined && s.Content.Contains("limit", StringComparison.Ordinal))
            {
                continue;
            }

            if (s != whole.Records[i])
            {
                problems.Add($"record {i + 1} differs under the small limit: {Short(whole.Records[i])} vs {Short(s)}");
                return;
            }
        }
    }

    private static void CheckRefusal(FuzzCase fuzz, ReadTrace whole, List<string> problems)
    {
        if (whole.Refused is not { } refused)
        {
            return;
        }

        var text = fuzz.FileName.EndsWith(".jsonl", StringComparison.Ordinal);
        var binary = fuzz.FileName.EndsWith(".avro", StringComparison.Ordinal) || fuzz.FileName.EndsWith(".parquet", StringComparison.Ordinal);
        if (text)
        {
            problems.Add($"a JSONL file was refused whole: {refused.Message}");
        }
        else if (binary && refused.Kind != InputFileErrorKind.Corrupt)
        {
            problems.Add($"a binary file refused as {refused.Kind}: {refused.Message}");
        }
    }

    /// <summary>Independent counts for line formats: JSONL lines, and TSV/CSV when no quote can change where records end.</summary>
    private static void CheckLines(FuzzCase fuzz, ReadTrace whole, List<string> problems)
    {
        if (whole.Refused is not null || fuzz.FileName.EndsWith(".avro", StringComparison.Ordinal) || fuzz.FileName.EndsWith(".parquet", StringComparison.Ordinal))
        {
            return;
        }

        var jsonl = fuzz.FileName.EndsWith(".jsonl", StringComparison.Ordinal);
        var bytes = fuzz.Bytes.AsSpan();
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var lines = new List<string>();
        foreach (var range in bytes.Split((byte)'\n'))
        {
            lines.Add(Encoding.UTF8.GetString(bytes[range]));
        }

        List<string> records;
        if (jsonl)
        {
            records = lines.Where(l => l.AsSpan().IndexOfAnyExcept(' ', '\t', '\r') >= 0).ToList();
        }
        else
        {
            // Only when quotes and line breaks are all where the base put them: every line then is one record.
            var suspicious = lines.Any(l => (!fuzz.IntactLines.Contains(l.TrimEnd('\r')) && l.Contains('"', StringComparison.Ordinal)) || l.TrimEnd('\r').Contains('\r', StringComparison.Ordinal));
            if (suspicious)
            {
                return;
            }

            var content = lines.Where(l => l.TrimEnd('\r').Length > 0).ToList();
            var headerLines = fuzz.Dataset == "patients" ? 1 : 1;
            records = content.Skip(headerLines).ToList();
        }

        if (records.Count != whole.Records.Count)
        {
            problems.Add($"{records.Count} records in the file's lines, {whole.Records.Count} read");
            return;
        }

        var headerIntact = jsonl || fuzz.Bytes.Length > 0 && HeaderIntact(fuzz, lines);
        for (var i = 0; i < records.Count; i++)
        {
            var line = records[i].TrimEnd('\r');
            if (headerIntact && fuzz.IntactLines.Contains(line) && (whole.Records[i].Quarantined || whole.Records[i].Key is null))
            {
                problems.Add($"record {i + 1} is an intact line but was quarantined: {whole.Records[i].Content}");
                return;
            }
        }
    }

    private static bool HeaderIntact(FuzzCase fuzz, List<string> lines)
    {
        var first = lines.FirstOrDefault(l => l.TrimEnd('\r').Length > 0)?.TrimEnd('\r');
        return fuzz.Dataset switch
        {
            "providers" => first == "ProviderID\tProviderSpecialty\tProviderLocation",
            _ => first is not null && first.StartsWith("ID,BIRTHDATE,", StringComparison.Ordinal) && first.Split(',').Length == 17 && lines.Count > 1 && lines[1].TrimEnd('\r') == "ADDRESS",
        };
    }

    private static string Short(TracedRecord record)
    {
        var text = $"row {record.Row} {(record.Quarantined ? "quarantined: " + record.Content : "Bronze key " + record.Key + " " + record.Content)}";
        return text.Length <= 300 ? text : text[..300] + "...";
    }
}
