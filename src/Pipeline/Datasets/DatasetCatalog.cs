using System.Diagnostics.CodeAnalysis;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Pipeline.Datasets;

/// <summary>
/// The datasets (docs/data-contract.md), looked up by name (case-insensitive): the one place that states each dataset's
/// raw columns, key, Silver rule and the tables it feeds. docs/extending.md says what else a new one needs.
/// </summary>
public static class DatasetCatalog
{
    public static DatasetDefinition Patients { get; } = new(
        "patients",
        "ID",
        Strings("ID", "BIRTHDATE", "DEATHDATE", "SSN", "DRIVERS", "PASSPORT", "PREFIX", "FIRST", "LAST", "SUFFIX",
            "MAIDEN", "MARITAL", "RACE", "ETHNICITY", "GENDER", "BIRTHPLACE", "ADDRESS"))
    {
        Description = "a person, with the PHI columns Silver drops",
        Silver = new(SilverRule.MaskedLatestPerKey, SilverTables.Patients, [new(SilverTables.EncountersEnriched, "patient_id")]),
        DuplicatesResolvedInSilver = true,
    };

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
        ]))
    {
        Description = "a visit of a patient",
        // After the merge these encounters exist: feedback naming them as visit_id is re-enriched too.
        Silver = new(SilverRule.LatestPerKey, SilverTables.Encounters,
            [new(SilverTables.EncountersEnriched), new(SilverTables.FeedbackEnriched, "visit_id")], FactRules.Encounter),
    };

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
        ]))
    {
        Description = "a claim of a patient's care by a provider (may arrive again with another status or amount)",
        Silver = new(SilverRule.LatestPerKey, SilverTables.Claims, [new(SilverTables.ClaimsEnriched)], FactRules.Claim),
    };

    public static DatasetDefinition Providers { get; } = new(
        "providers",
        "ProviderID",
        Strings("ProviderID", "ProviderSpecialty", "ProviderLocation"))
    {
        Description = "a provider's specialty and location (kept as SCD type 2 versions)",
        Silver = new(SilverRule.VersionsPerKey, SilverTables.Providers,
            [new(SilverTables.ClaimsEnriched, "provider_id"), new(SilverTables.FeedbackEnriched, "provider_id")]),
    };

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
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["metadata"] = "metadata_json" })
    {
        Description = "a patient's feedback event about a provider and visit",
        Silver = new(SilverRule.FirstPerKey, SilverTables.Feedback, [new(SilverTables.FeedbackEnriched)], FeedbackRules.Conform),
    };

    /// <summary>All datasets in the data contract's order.</summary>
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

    /// <summary>The Bronze table paths (relative to the lake root) of every dataset: the Silver feed grains' keys.</summary>
    public static IReadOnlyList<string> BronzeTablePaths { get; } = [.. All.Select(d => d.BronzeTablePath)];

    /// <summary>The dataset names, comma separated, for help texts and errors.</summary>
    public static string Names { get; } = string.Join(", ", All.Select(d => d.Name));

    /// <summary>The dataset with this name; throws <see cref="KeyNotFoundException"/> listing the known names otherwise.</summary>
    public static DatasetDefinition Get(string name) =>
        TryGet(name, out var dataset)
            ? dataset
            : throw new KeyNotFoundException($"Unknown dataset '{name}'. Known datasets: {Names}.");

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
