using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>silver_patients (docs/data-contract.md (Silver)): SCD type 1, PHI removed, latest in arrival order wins.</summary>
public static class PatientRules
{
    /// <summary>Masks a Bronze patient row; null when its ID is null or blank (Bronze quarantines those already).</summary>
    public static MaskedPatient? Mask(BronzeRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var id = row.Text("ID");
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        return new MaskedPatient(
            id,
            SilverValues.BirthYear(row.Text("BIRTHDATE")),
            row.Text("MARITAL"),
            row.Text("RACE"),
            row.Text("ETHNICITY"),
            row.Text("GENDER"),
            row.IngestTs,
            row.BatchId,
            row.Arrival);
    }

    /// <summary>SCD1: the later of the current version and a candidate, in arrival order.</summary>
    public static MaskedPatient Latest(MaskedPatient? current, MaskedPatient candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return current is null || candidate.Arrival > current.Arrival ? candidate : current;
    }

    /// <summary>The Bronze columns that never reach Silver.</summary>
    public static IReadOnlyList<string> PhiColumns { get; } =
        ["BIRTHDATE", "DEATHDATE", "SSN", "DRIVERS", "PASSPORT", "PREFIX", "FIRST", "LAST", "SUFFIX", "MAIDEN", "BIRTHPLACE", "ADDRESS"];

    internal static DatasetDefinition Dataset => DatasetCatalog.Patients;
}
