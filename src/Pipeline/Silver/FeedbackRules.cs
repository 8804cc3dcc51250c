using System.Text.Json;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// silver_feedback (docs/data-contract.md (Silver)): immutable events, the first occurrence of a feedback_id in arrival order wins.
/// <c>comments</c> is not carried (free text may hold PHI); <c>metadata</c> is the map parsed from metadata_json.
/// </summary>
public static class FeedbackRules
{
    public static object?[] Conform(BronzeRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var (instant, source) = FeedbackTimestamp.Parse(row.Text("timestamp"));
        return
        [
            row.Text("feedback_id"), row.Text("provider_id"), instant, source, row.Text("visit_id"), row["satisfaction_score"] as int?,
            row.Text("source"), row["tags"], Metadata(row.Text("metadata_json")), .. row.Audit(),
        ];
    }

    /// <summary>
    /// A JSON object as map&lt;string,string&gt;: string values as they are, other values as their JSON text
    /// (numbers, booleans, nested objects), JSON null as null. Null when the text is null or not a JSON object.
    /// </summary>
    public static IReadOnlyDictionary<object, object?>? Metadata(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var map = new Dictionary<object, object?>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                map[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
            }

            return map;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
