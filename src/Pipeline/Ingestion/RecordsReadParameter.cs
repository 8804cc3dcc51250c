using System.Text.Json;

namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>
/// The reader's own count of the records of each input file, recorded in the commitInfo (operationParameters) of the
/// Bronze commit that ingests the file, so it is written atomically with the rows and survives checkpoints (log files
/// are never deleted; only data files are vacuumed). The conservation check reads it back: records read is never
/// inferred from <c>_source_row</c>, which would not see records missing from the end of a file.
/// </summary>
public static class RecordsReadParameter
{
    /// <summary>The operationParameters key: a JSON object from relative path to records read.</summary>
    public const string Name = "recordsRead";

    public static string Format(IEnumerable<KeyValuePair<string, long>> files) =>
        JsonSerializer.Serialize(files.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));

    /// <summary>The recorded counts, or empty when the parameter is absent or not an object of counts.</summary>
    public static IReadOnlyDictionary<string, long> Parse(IReadOnlyDictionary<string, string>? parameters)
    {
        if (parameters is null || !parameters.TryGetValue(Name, out var json))
        {
            return new Dictionary<string, long>();
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, long>();
        }
    }
}
