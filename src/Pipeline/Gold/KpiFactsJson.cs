using System.Text.Json;

namespace Kardiaflow.Pipeline.Gold;

/// <summary><see cref="KpiFacts"/> as JSON, for the trip from the Gold coordinator to an aggregator partition.</summary>
public static class KpiFactsJson
{
    public static string Serialize(KpiFacts facts) => JsonSerializer.Serialize(facts);

    public static KpiFacts Deserialize(string json) =>
        JsonSerializer.Deserialize<KpiFacts>(json) ?? throw new InvalidDataException("Empty KPI facts.");
}
