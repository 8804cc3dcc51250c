namespace Kardiaflow.Pipeline.Synthetic;

/// <summary>
/// What <see cref="SyntheticDataGenerator"/> writes. Rates are fractions of the records of a dataset; the defaults give
/// the sample data's shape (about 5 encounters, 1 claim, 0.9 providers and 0.5 feedback per patient) with a little of
/// every kind of dirt the data contract's rules exist for.
/// </summary>
public sealed record SyntheticDataOptions(string OutputFolder, int Patients, int Seed)
{
    /// <summary>Files per dataset; records are spread over them in order, so later parts arrive later.</summary>
    public int Parts { get; init; } = 3;

    /// <summary>References (claim → patient/provider, feedback → provider/visit) that point at nothing.</summary>
    public double OrphanRate { get; init; } = 0.05;

    /// <summary>Patients whose id is sent again with other attributes (SCD1 "latest wins").</summary>
    public double DuplicatePatientRate { get; init; } = 0.006;

    /// <summary>Patients held back to the last part, after their encounters (late dimension).</summary>
    public double LatePatientRate { get; init; } = 0.01;

    /// <summary>Providers sent again in a later part with a new specialty or location (SCD2).</summary>
    public double ProviderChangeRate { get; init; } = 0.03;

    /// <summary>Claims sent again in a later part with a new status or amount.</summary>
    public double ClaimResendRate { get; init; } = 0.02;

    /// <summary>Patients with a burst of more than five claims on one day.</summary>
    public double RapidFirePatientRate { get; init; } = 0.002;

    /// <summary>Claims with an amount far outside their procedure's distribution.</summary>
    public double OutlierRate { get; init; } = 0.003;

    /// <summary>Structurally broken records (wrong field count, a JSONL line that is not an object).</summary>
    public double MalformedRate { get; init; } = 0.0005;

    /// <summary>Records with a null primary key or a null reference key.</summary>
    public double NullKeyRate { get; init; } = 0.001;

    /// <summary>Feedback timestamps written without an offset.</summary>
    public double NaiveTimestampRate { get; init; } = 0.3;

    /// <summary>Rows per Parquet row group and per Parquet file of claims.</summary>
    public int ParquetRowsPerFile { get; init; } = 250_000;
}
