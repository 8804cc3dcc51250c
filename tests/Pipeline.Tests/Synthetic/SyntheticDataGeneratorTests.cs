using System.Security.Cryptography;
using Kardiaflow.Pipeline.Synthetic;

namespace Kardiaflow.Pipeline.Tests.Synthetic;

public sealed class SyntheticDataGeneratorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kf-synth-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Same_seed_writes_the_same_content_and_another_seed_does_not()
    {
        var a = await GenerateAsync("a", patients: 500, seed: 7);
        var b = await GenerateAsync("b", patients: 500, seed: 7);
        var c = await GenerateAsync("c", patients: 500, seed: 8);

        Assert.Equal(Hashes(a), Hashes(b));
        Assert.NotEqual(Hashes(a), Hashes(c));
    }

    [Fact]
    public async Task Ratios_per_patient_follow_the_sample_data_and_every_kind_of_dirt_is_present()
    {
        var folder = Path.Combine(_root, "ratios");
        var summary = await new SyntheticDataGenerator(new SyntheticDataOptions(folder, 20_000, 3) { MalformedRate = 0.002 })
            .GenerateAsync(null, CancellationToken.None);

        double Per(string dataset) => summary.Datasets[dataset].Records / 20_000.0;
        Assert.InRange(Per("patients"), 1.0, 1.02);
        Assert.InRange(Per("encounters"), 4.8, 5.2);
        Assert.InRange(Per("claims"), 0.95, 1.1);
        Assert.InRange(Per("providers"), 0.9, 0.95);
        Assert.InRange(Per("feedback"), 0.45, 0.55);
        foreach (var kind in new[] { "duplicate_patient_ids", "late_patients", "provider_changes", "claims_resent", "rapid_fire_patients", "amount_outliers", "malformed_patients", "malformed_feedback", "null_claim_keys", "duplicate_feedback_ids" })
        {
            Assert.True(summary.Dirt.GetValueOrDefault(kind) > 0, $"no {kind} were generated");
        }

        Assert.All(summary.Datasets.Values, d => Assert.Equal(3, d.Files.Count));

        // Records are data lines, not headers.
        var patientLines = summary.Datasets["patients"].Files.Sum(f => File.ReadLines(Path.Combine(folder, f)).Count() - 1);
        Assert.Equal(summary.Datasets["patients"].Records, patientLines);
        Assert.All(summary.Datasets.Values.SelectMany(d => d.Files), f => Assert.True(File.Exists(Path.Combine(folder, f)), f));
    }

    [Fact]
    public async Task Feedback_has_naive_and_offset_timestamps_and_missing_visit_ids()
    {
        var folder = await GenerateAsync("ts", patients: 2_000, seed: 11);
        var lines = Directory.GetFiles(Path.Combine(folder, "feedback")).SelectMany(File.ReadLines).Where(l => l.StartsWith('{') && l.EndsWith('}')).ToList();

        Assert.Contains(lines, l => l.Contains("-05:00\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "\"timestamp\":\"[0-9T:.-]{26}\""));
        Assert.Contains(lines, l => !l.Contains("\"visit_id\"", StringComparison.Ordinal));
    }

    private async Task<string> GenerateAsync(string name, int patients, int seed)
    {
        var folder = Path.Combine(_root, name);
        await new SyntheticDataGenerator(new SyntheticDataOptions(folder, patients, seed)).GenerateAsync(null, CancellationToken.None);
        return folder;
    }

    /// <summary>
    /// Bytes for every format but Avro, whose container files carry a random 16-byte sync marker chosen by Apache.Avro;
    /// for Avro the decoded records are hashed instead.
    /// </summary>
    private static List<string> Hashes(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(f => Path.GetRelativePath(folder, f) + ":" + Convert.ToHexString(SHA256.HashData(Content(f))))
        .ToList();

    private static byte[] Content(string file)
    {
        if (!file.EndsWith(".avro", StringComparison.Ordinal))
        {
            return File.ReadAllBytes(file);
        }

        using var reader = Avro.File.DataFileReader<Avro.Generic.GenericRecord>.OpenReader(file);
        var text = string.Join('\n', reader.NextEntries.Select(r => string.Join('|', Enumerable.Range(0, r.Schema.Count).Select(i => Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)))));
        return System.Text.Encoding.UTF8.GetBytes(text);
    }
}
