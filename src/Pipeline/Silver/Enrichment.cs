namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// The enriched rows of docs/data-contract.md (Silver): left joins of a Silver fact row with its dimensions. A null dimension means no
/// matching row (the <c>*_missing</c> flag is then true and its columns null).
/// </summary>
public static class Enrichment
{
    public static object?[] Encounter(object?[] encounter, PatientAttributes? patient)
    {
        ArgumentNullException.ThrowIfNull(encounter);
        return [.. encounter, patient?.Gender, patient?.BirthYear, patient is null];
    }

    public static object?[] Claim(object?[] claim, ProviderAttributes? provider)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return [.. claim, provider?.Specialty, provider?.Location, provider is null];
    }

    public static object?[] Feedback(object?[] feedback, ProviderAttributes? provider, bool encounterExists)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        return [.. feedback, provider?.Specialty, provider?.Location, provider is null, !encounterExists];
    }
}
