using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;

namespace Kardiaflow.Tests.Shared.Fuzz;

/// <summary>One record as a reader gave it: a Bronze row (its key and its raw columns as JSON) or a quarantined record.</summary>
internal sealed record TracedRecord(long Row, bool Quarantined, string? Key, string Content, int RawLength);

/// <summary>What reading one file gave: every record in source-row order, the counts, or the whole file's refusal.</summary>
internal sealed record ReadTrace(IReadOnlyList<TracedRecord> Records, RecordCounts Counts, InputFileException? Refused, IReadOnlyList<string> Problems);

/// <summary>Reads a file (whole or by planned parts) through the real readers and checks what every read must hold.</summary>
internal static class FuzzReader
{
    public static async Task<ReadTrace> ReadAsync(
        string root, string relativePath, DatasetDefinition dataset, RawReaderOptions options, long? targetPartBytes, CancellationToken cancellationToken)
    {
        var records = new List<TracedRecord>();
        var problems = new List<string>();
        var counts = RecordCounts.Zero;
        try
        {
            var file = SourceFiles.Resolve(root, relativePath);
            IReadOnlyList<FilePart?> parts = targetPartBytes is { } target
                ? [.. await FilePartPlanner.PlanAsync(file, target, cancellationToken)]
                : [null];
            foreach (var part in parts)
            {
                await using var session = await RawFileReader.OpenAsync(file, dataset, part, options, cancellationToken);
                long bronze = 0, quarantined = 0;
                await foreach (var batch in session.ReadBatchesAsync(cancellationToken))
                {
                    foreach (var row in batch.Rows)
                    {
                        bronze++;
                        var sourceRow = (long)row[dataset.RawColumnCount + AuditColumns.SourceRowOffset]!;
                        if (!Equals(row[dataset.RawColumnCount + AuditColumns.SourceFileOffset], relativePath))
                        {
                            problems.Add($"row {sourceRow}: _source_file is '{row[dataset.RawColumnCount + AuditColumns.SourceFileOffset]}'");
                        }

                        var key = row[dataset.PrimaryKeyIndex] as string;
                        if (string.IsNullOrWhiteSpace(key))
                        {
                            problems.Add($"row {sourceRow}: a Bronze row without a key");
                        }

                        records.Add(new TracedRecord(sourceRow, false, key, System.Text.Encoding.UTF8.GetString(RecordEvents.ToJson(dataset, row)), 0));
                    }

                    foreach (var q in batch.Quarantined)
                    {
                        quarantined++;
                        if (string.IsNullOrWhiteSpace(q.Reason))
                        {
                            problems.Add($"row {q.SourceRow}: quarantined without a reason");
                        }

                        if (q.Raw is { Length: > QuarantineColumns.MaxRawChars })
                        {
                            problems.Add($"row {q.SourceRow}: quarantine raw of {q.Raw.Length} chars, over {QuarantineColumns.MaxRawChars}");
                        }

                        records.Add(new TracedRecord(q.SourceRow, true, null, q.Reason, q.Raw?.Length ?? 0));
                    }
                }

                if (session.Counts.BronzeRows != bronze || session.Counts.QuarantinedRows != quarantined || !session.Counts.IsConserved)
                {
                    problems.Add($"part {part?.Index ?? 0}: counts {session.Counts} but {bronze} Bronze rows and {quarantined} quarantined records were given");
                }

                counts = counts.Add(session.Counts);
            }
        }
        catch (InputFileException refused)
        {
            if (!refused.Message.Contains(relativePath, StringComparison.Ordinal))
            {
                problems.Add($"the refusal does not name the file: {refused.Message}");
            }

            return new ReadTrace([], RecordCounts.Zero, refused, problems);
        }

        records.Sort((a, b) => a.Row.CompareTo(b.Row));
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Row != i + 1)
            {
                problems.Add($"source rows are not 1..{records.Count} each once: position {i + 1} holds row {records[i].Row}");
                break;
            }
        }

        if (counts.RecordsRead != records.Count)
        {
            problems.Add($"{counts.RecordsRead} records read, {records.Count} given");
        }

        return new ReadTrace(records, counts, null, problems);
    }
}
