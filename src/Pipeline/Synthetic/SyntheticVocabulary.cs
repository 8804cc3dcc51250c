namespace Kardiaflow.Pipeline.Synthetic;

/// <summary>Code lists the generator draws from, shaped like the reference project's sample data.</summary>
internal static class SyntheticVocabulary
{
    public static readonly string[] Specialties =
    [
        "Cardiology", "Dermatology", "Emergency Medicine", "Endocrinology", "Family Medicine", "Gastroenterology",
        "General Practice", "Neurology", "Obstetrics", "Oncology", "Orthopedics", "Pediatrics", "Psychiatry",
        "Pulmonology", "Radiology", "Urology",
    ];

    public static readonly string[] ClaimStatuses = ["Approved", "Approved", "Approved", "Approved", "Denied", "Denied", "Pending"];
    public static readonly string[] ClaimTypes = ["Inpatient", "Outpatient", "Emergency", "Routine"];
    public static readonly string[] SubmissionMethods = ["Online", "Paper", "Phone"];
    public static readonly string[] Marital = ["Married", "Single", "Divorced", "Widowed"];
    public static readonly string[] Races = ["White", "Black", "Asian", "Native American", "Other"];
    public static readonly string[] Ethnicities = ["Hispanic or Latino", "Not Hispanic or Latino"];
    public static readonly string[] Genders = ["M", "F"];
    public static readonly string[] Prefixes = ["Mr.", "Mrs.", "Ms.", "Dr.", "Mx."];
    public static readonly string[] Towns =
    [
        "New Daniel", "Mallory", "East Karen", "Port Dale", "North Robert", "Lake Emily", "West Sara", "South Monica",
        "Terry", "White", "Kathleen", "Rachel", "Johnson", "Lester", "Anthony", "Albert", "Glenn", "Mary", "Oak", "Pine",
    ];

    public static readonly string[] TownSuffixes = ["view", "ville", "town", "burg", "side", " Springs", " Heights", " Falls"];

    public static readonly string[] FeedbackSources = ["in_person", "app", "email", "phone", "web"];
    public static readonly string[] FeedbackTags = ["appointment", "billing", "staff", "wait_time", "cleanliness", "communication", "follow_up"];

    public static readonly (long Code, string Description)[] EncounterCodes =
    [
        (185349003, "Encounter for check up"), (162673000, "General examination of patient"),
        (185345009, "Encounter for symptom"), (50849002, "Emergency room admission"),
        (424441002, "Prenatal initial visit"), (410620009, "Well child visit"),
        (698314001, "Consultation for treatment"), (183452005, "Emergency hospital admission"),
    ];

    public static readonly (double Code, string Description)[] Reasons =
    [
        (195967001, "Asthma"), (10509002, "Acute bronchitis"), (444814009, "Viral sinusitis"),
        (72892002, "Normal pregnancy"), (38341003, "Hypertension"), (44054006, "Diabetes"),
    ];

    /// <summary>Procedure codes with their typical claim amount; outliers are drawn far above these.</summary>
    public static readonly (string Code, double Mean)[] Procedures = Enumerable.Range(0, 40)
        .Select(i => ($"PROC{1000 + i * 7}", 80.0 + (i * 137 % 40) * 60.0))
        .ToArray();

    public static readonly string[] Diagnoses = Enumerable.Range(0, 60).Select(i => $"D{(i * 53 % 900) + 100:D3}").ToArray();
}
