using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold.Wire;

/// <summary><see cref="FeedbackFact"/> on the wire (see <see cref="KpiFactsSurrogate"/>).</summary>
[GenerateSerializer]
internal struct FeedbackFactSurrogate
{
    [Id(0)] public int Weight;

    [Id(1)] public string FeedbackId;

    [Id(2)] public string? ProviderId;

    [Id(3)] public string? ProviderSpecialty;

    [Id(4)] public string? Source;

    [Id(5)] public int? Score;

    [Id(6)] public string?[]? Tags;

    [Id(7)] public string? VisitId;

    [Id(8)] public bool EncounterMissing;
}

[RegisterConverter]
internal sealed class FeedbackFactConverter : IConverter<FeedbackFact, FeedbackFactSurrogate>
{
    public FeedbackFact ConvertFromSurrogate(in FeedbackFactSurrogate surrogate) =>
        new(surrogate.Weight, surrogate.FeedbackId, surrogate.ProviderId, surrogate.ProviderSpecialty, surrogate.Source, surrogate.Score,
            surrogate.Tags, surrogate.VisitId, surrogate.EncounterMissing);

    public FeedbackFactSurrogate ConvertToSurrogate(in FeedbackFact value) => new()
    {
        Weight = value.Weight,
        FeedbackId = value.FeedbackId,
        ProviderId = value.ProviderId,
        ProviderSpecialty = value.ProviderSpecialty,
        Source = value.Source,
        Score = value.Score,
        Tags = value.Tags is null ? null : [.. value.Tags],
        VisitId = value.VisitId,
        EncounterMissing = value.EncounterMissing,
    };
}
