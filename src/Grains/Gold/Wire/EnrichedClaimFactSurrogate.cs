using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold.Wire;

/// <summary><see cref="EnrichedClaimFact"/> on the wire (see <see cref="KpiFactsSurrogate"/>).</summary>
[GenerateSerializer]
internal struct EnrichedClaimFactSurrogate
{
    [Id(0)] public int Weight;

    [Id(1)] public string ClaimId;

    [Id(2)] public string? ProviderSpecialty;

    [Id(3)] public string? DiagnosisCode;

    [Id(4)] public string? Status;
}

[RegisterConverter]
internal sealed class EnrichedClaimFactConverter : IConverter<EnrichedClaimFact, EnrichedClaimFactSurrogate>
{
    public EnrichedClaimFact ConvertFromSurrogate(in EnrichedClaimFactSurrogate surrogate) =>
        new(surrogate.Weight, surrogate.ClaimId, surrogate.ProviderSpecialty, surrogate.DiagnosisCode, surrogate.Status);

    public EnrichedClaimFactSurrogate ConvertToSurrogate(in EnrichedClaimFact value) => new()
    {
        Weight = value.Weight,
        ClaimId = value.ClaimId,
        ProviderSpecialty = value.ProviderSpecialty,
        DiagnosisCode = value.DiagnosisCode,
        Status = value.Status,
    };
}
