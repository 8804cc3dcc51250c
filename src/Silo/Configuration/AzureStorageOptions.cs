namespace Kardiaflow.Silo.Configuration;

/// <summary>
/// Azure profile storage endpoints (section <c>Kardiaflow:Azure</c>), used with <c>DefaultAzureCredential</c> (workload
/// identity on AKS) when <c>ConnectionStrings:Storage</c> is not set. Names of the tables and containers the profile uses
/// are fixed here so that infrastructure (infra/, deploy/k8s/) can create and grant exactly these.
/// </summary>
public sealed class AzureStorageOptions
{
    public const string SectionName = "Kardiaflow:Azure";

    /// <summary>The connection string setting (<c>ConnectionStrings:Storage</c>); Azurite's works.</summary>
    public const string ConnectionStringName = "Storage";

    public const string MembershipTable = "OrleansSiloInstances";

    public const string GrainStateTable = "KardiaflowGrainState";

    public const string GrainStateContainer = "kardiaflow-grainstate";

    public string? BlobServiceUri { get; set; }

    public string? TableServiceUri { get; set; }
}
