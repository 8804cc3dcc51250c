using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold.Wire;

/// <summary><see cref="EncounterFact"/> on the wire (see <see cref="KpiFactsSurrogate"/>).</summary>
[GenerateSerializer]
internal struct EncounterFactSurrogate
{
    [Id(0)] public int Weight;

    [Id(1)] public string EncounterId;

    [Id(2)] public string? PatientId;

    [Id(3)] public DateTime? StartTs;
}

[RegisterConverter]
internal sealed class EncounterFactConverter : IConverter<EncounterFact, EncounterFactSurrogate>
{
    public EncounterFact ConvertFromSurrogate(in EncounterFactSurrogate surrogate) =>
        new(surrogate.Weight, surrogate.EncounterId, surrogate.PatientId, surrogate.StartTs);

    public EncounterFactSurrogate ConvertToSurrogate(in EncounterFact value) => new()
    {
        Weight = value.Weight,
        EncounterId = value.EncounterId,
        PatientId = value.PatientId,
        StartTs = value.StartTs,
    };
}
