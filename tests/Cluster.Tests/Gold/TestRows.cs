namespace Kardiaflow.Cluster.Tests.Gold;

internal sealed record TestClaim(string Id, string Patient, string Provider, double? Amount, DateOnly? Date, string Diagnosis, string? Procedure, string Status)
{
    public object?[] Row(string batch, DateTime ts) =>
        [Id, Patient, Provider, Amount, Date, Diagnosis, Procedure, Status, "Inpatient", "Online", ts, batch, "claims/x.parquet"];

    public object?[] EnrichedRow(string batch, DateTime ts, Dictionary<string, string?> specialties)
    {
        var known = specialties.TryGetValue(Provider, out var specialty);
        return [.. Row(batch, ts), known ? specialty : null, known ? "Springfield" : null, !known];
    }
}

internal sealed record TestEncounter(string Id, string Patient, DateTime? Start)
{
    public object?[] Row(string batch, DateTime ts) =>
        [Id, Patient, Start, "185349003", "Check up", null, null, ts, batch, "encounters/x.avro", "F", 1970, true];
}

internal sealed record TestFeedback(string Id, string? Provider, int? Score, string? Source, string[]? Tags, string? Visit)
{
    public object?[] Row(string batch, DateTime ts, Dictionary<string, string?> specialties, Dictionary<string, TestEncounter> encounters)
    {
        var known = Provider is not null && specialties.ContainsKey(Provider);
        return
        [
            Id, Provider, new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), "offset", Visit, Score, Source,
            Tags?.Cast<object?>().ToList(), new Dictionary<string, string?> { ["k"] = "v" }, ts, batch, "feedback/x.jsonl",
            known ? specialties[Provider!] : null, known ? "Springfield" : null, !known, Visit is null || !encounters.ContainsKey(Visit),
        ];
    }
}
