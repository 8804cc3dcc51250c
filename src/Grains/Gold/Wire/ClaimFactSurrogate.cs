using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold.Wire;

/// <summary><see cref="ClaimFact"/> on the wire (see <see cref="KpiFactsSurrogate"/>).</summary>
[GenerateSerializer]
internal struct ClaimFactSurrogate
{
    [Id(0)] public int Weight;

    [Id(1)] public string ClaimId;

    [Id(2)] public string? PatientId;

    [Id(3)] public string? ProviderId;

    [Id(4)] public double? Amount;

    [Id(5)] public DateOnly? ClaimDate;

    [Id(6)] public string? DiagnosisCode;

    [Id(7)] public string? ProcedureCode;

    [Id(8)] public string? Status;
}

[RegisterConverter]
internal sealed class ClaimFactConverter : IConverter<ClaimFact, ClaimFactSurrogate>
{
    public ClaimFact ConvertFromSurrogate(in ClaimFactSurrogate surrogate) =>
        new(surrogate.Weight, surrogate.ClaimId, surrogate.PatientId, surrogate.ProviderId, surrogate.Amount, surrogate.ClaimDate,
            surrogate.DiagnosisCode, surrogate.ProcedureCode, surrogate.Status);

    public ClaimFactSurrogate ConvertToSurrogate(in ClaimFact value) => new()
    {
        Weight = value.Weight,
        ClaimId = value.ClaimId,
        PatientId = value.PatientId,
        ProviderId = value.ProviderId,
        Amount = value.Amount,
        ClaimDate = value.ClaimDate,
        DiagnosisCode = value.DiagnosisCode,
        ProcedureCode = value.ProcedureCode,
        Status = value.Status,
    };
}
