namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// silver_encounters and silver_claims (docs/data-contract.md (Silver)): conform a Bronze row into a Silver row, or null when a key column
/// is null or blank (the row is dropped and counted).
/// </summary>
public static class FactRules
{
    public static object?[]? Encounter(BronzeRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var id = row.Text("ID");
        var patient = row.Text("PATIENT");
        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(patient))
        {
            return null;
        }

        return
        [
            id, patient, SilverValues.StartOfDayUtc(row.Text("DATE")), SilverValues.Digits(row["CODE"] as long?), row.Text("DESCRIPTION"),
            SilverValues.PlainNumber(row["REASONCODE"] as double?), row.Text("REASONDESCRIPTION"), .. row.Audit(),
        ];
    }

    public static object?[]? Claim(BronzeRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var id = row.Text("ClaimID");
        var patient = row.Text("PatientID");
        var provider = row.Text("ProviderID");
        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(patient) || string.IsNullOrWhiteSpace(provider))
        {
            return null;
        }

        return
        [
            id, patient, provider, row["ClaimAmount"] as double?, SilverValues.IsoDate(row.Text("ClaimDate")), row.Text("DiagnosisCode"),
            row.Text("ProcedureCode"), row.Text("ClaimStatus"), row.Text("ClaimType"), row.Text("ClaimSubmissionMethod"), .. row.Audit(),
        ];
    }
}
