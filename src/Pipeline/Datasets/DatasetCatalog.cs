using System.Diagnostics.CodeAnalysis;
using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Pipeline.Datasets;

/// <summary>The five datasets of SPEC.md §1, looked up by name (case-insensitive).</summary>
public static class DatasetCatalog
{
    public static DatasetDefinition Patients { get; } = new(
        "patients",
        "ID",
        Strings("ID", "BIRTHDATE", "DEATHDATE", "SSN", "DRIVERS", "PASSPORT", "PREFIX", "FIRST", "LAST", "SUFFIX",
            "MAIDEN", "MARITAL", "RACE", "ETHNICITY", "GENDER", "BIRTHPLACE", "ADDRESS"));

    public static DatasetDefinition Encounters { get; } = new(
        "encounters",
        "ID",
        new StructType(
        [
            new("ID", PrimitiveType.String),
            new("DATE", PrimitiveType.String),
            new("PATIENT", PrimitiveType.String),
            new("CODE", PrimitiveType.Long),
            new("DESCRIPTION", PrimitiveType.String),
            new("REASONCODE", PrimitiveType.Double),
            new("REASONDESCRIPTION", PrimitiveType.String),
        ]));

    public static DatasetDefinition Claims { get; } = new(
        "claims",
        "ClaimID",
        new StructType(
        [
            new("ClaimID", PrimitiveType.String),
            new("PatientID", PrimitiveType.String),
            new("ProviderID", PrimitiveType.String),
            new("ClaimAmount", PrimitiveType.Double),
            new("ClaimDate", PrimitiveType.String),
            new("DiagnosisCode", PrimitiveType.String),
            new("ProcedureCode", PrimitiveType.String),
            new("ClaimStatus", PrimitiveType.String),
            new("ClaimType", PrimitiveType.String),
            new("ClaimSubmissionMethod", PrimitiveType.String),
        ]));

    public static DatasetDefinition Providers { get; } = new(
        "providers",
        "ProviderID",
        Strings("ProviderID", "ProviderSpecialty", "ProviderLocation"));

    public static DatasetDefinition Feedback { get; } = new(
        "feedback",
        "feedback_id",
        new StructType(
        [
            new("feedback_id", PrimitiveType.String),
            new("provider_id", PrimitiveType.String),
            new("timestamp", PrimitiveType.String),
            new("visit_id", PrimitiveType.String),
            new("satisfaction_score", PrimitiveType.Integer),
            new("comments", PrimitiveType.String),
            new("source", PrimitiveType.String),
            new("tags", new ArrayType(PrimitiveType.String, true)),
            new("metadata_json", PrimitiveType.String),
        ]),
        // The raw JSONL key is `metadata`; Bronze keeps it re-serialised under metadata_json.
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["metadata"] = "metadata_json" });

    /// <summary>All datasets in SPEC.md order.</summary>
    public static IReadOnlyList<DatasetDefinition> All { get; } = [Patients, Encounters, Claims, Providers, Feedback];

    public static bool TryGet(string name, [NotNullWhen(true)] out DatasetDefinition? dataset)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                dataset = candidate;
                return true;
            }
        }

        dataset = null;
        return false;
    }

    /// <summary>The dataset with this name; throws <see cref="KeyNotFoundException"/> listing the known names otherwise.</summary>
    public static DatasetDefinition Get(string name) =>
        TryGet(name, out var dataset)
            ? dataset
            : throw new KeyNotFoundException($"Unknown dataset '{name}'. Known datasets: {string.Join(", ", All.Select(d => d.Name))}.");

    private static StructType Strings(params string[] names)
    {
        var fields = new StructField[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            fields[i] = new StructField(names[i], PrimitiveType.String);
        }

        return new StructType(fields);
    }
}
