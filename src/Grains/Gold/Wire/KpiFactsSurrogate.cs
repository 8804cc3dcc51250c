using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold.Wire;

/// <summary>
/// <see cref="KpiFacts"/> on the wire and in grain state. The Pipeline stays free of Orleans, so its types travel
/// through surrogates registered here (the fact records have surrogates of their own).
/// </summary>
[GenerateSerializer]
internal struct KpiFactsSurrogate
{
    [Id(0)] public ClaimFact[] Claims;

    [Id(1)] public EnrichedClaimFact[] EnrichedClaims;

    [Id(2)] public EncounterFact[] Encounters;

    [Id(3)] public FeedbackFact[] Feedback;
}

[RegisterConverter]
internal sealed class KpiFactsConverter : IConverter<KpiFacts, KpiFactsSurrogate>
{
    public KpiFacts ConvertFromSurrogate(in KpiFactsSurrogate surrogate) =>
        new(surrogate.Claims ?? [], surrogate.EnrichedClaims ?? [], surrogate.Encounters ?? [], surrogate.Feedback ?? []);

    public KpiFactsSurrogate ConvertToSurrogate(in KpiFacts value) => new()
    {
        Claims = [.. value.Claims],
        EnrichedClaims = [.. value.EnrichedClaims],
        Encounters = [.. value.Encounters],
        Feedback = [.. value.Feedback],
    };
}
