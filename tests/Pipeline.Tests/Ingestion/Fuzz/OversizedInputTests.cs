using System.Text;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;
using Xunit.Abstractions;

namespace Kardiaflow.Pipeline.Tests.Ingestion.Fuzz;

/// <summary>
/// A line far over the record limit is never held whole (docs/reliability.md, Hostile input): the readers allocate a
/// bounded amount whatever the line's length, quarantine the line with its first 64 Ki characters only, and read on. CI
/// uses a 100 MB line; the long run (<c>KARDIAFLOW_FUZZ_CASES</c> set) a 200 MB one.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class OversizedInputTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("providers/huge.csv")]
    [InlineData("feedback/huge.jsonl")]
    public async Task A_line_far_over_the_limit_is_quarantined_in_bounded_memory_and_the_file_goes_on(string path)
    {
        var megabytes = Environment.GetEnvironmentVariable("KARDIAFLOW_FUZZ_CASES") is null ? 100 : 200;
        var lineBytes = megabytes * 1024L * 1024;
        using var temp = new TempFolder();
        var jsonl = path.EndsWith(".jsonl", StringComparison.Ordinal);
        var dataset = jsonl ? DatasetCatalog.Feedback : DatasetCatalog.Providers;
        var full = Path.Combine(temp.Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await using (var file = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var head = jsonl ? "{\"feedback_id\":\"f1\"}\n{\"feedback_id\":\"f2\",\"comments\":\"" : "ProviderID,ProviderSpecialty,ProviderLocation\np1,A,B\np2,";
            await file.WriteAsync(Encoding.UTF8.GetBytes(head));
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'x');
            for (var written = 0L; written < lineBytes; written += chunk.Length)
            {
                await file.WriteAsync(chunk);
            }

            await file.WriteAsync(Encoding.UTF8.GetBytes(jsonl ? "\"}\n{\"feedback_id\":\"f3\"}\n" : ",B\np3,C,D\n"));
        }

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await ReadHelpers.ReadAsync(temp.Root, path, dataset);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"{path}: a {megabytes} MB line read in {clock.Elapsed.TotalSeconds:F1} s, {allocated / (1024 * 1024)} MB allocated in all");

        Assert.Equal(jsonl ? ["f1", "f3"] : ["p1", "p3"], result.Rows.Select(r => (string)r[0]!));
        var huge = Assert.Single(result.Quarantined);
        Assert.Equal(2, huge.SourceRow);
        Assert.Contains("limit", huge.Reason, StringComparison.Ordinal);
        Assert.True(huge.Raw!.Length <= QuarantineColumns.MaxRawChars, $"the quarantine row keeps {huge.Raw.Length} chars");
        Assert.Equal(3L, result.Rows[1][dataset.RawColumnCount + AuditColumns.SourceRowOffset]);

        // What reading may allocate depends on the limit, not on the line: JSONL grows one pooled buffer up to the 32 MiB
        // limit; CSV lets Sylvan double its char buffer up to the 32 Mi-char limit (64 MiB, 128 MiB allocated on the way).
        // Held whole, the line alone would take lineBytes (JSONL) or twice that (CSV, UTF-16), more than either bound.
        var bound = (jsonl ? 80L : 160L) * 1024 * 1024;
        Assert.True(bound < (jsonl ? lineBytes : 2 * lineBytes));
        Assert.True(allocated < bound, $"{allocated:N0} bytes allocated to read a {lineBytes:N0}-byte line (bound {bound:N0})");
    }
}
