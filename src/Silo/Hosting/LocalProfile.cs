using System.Net;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Grains.Ingestion;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Storage;

namespace Kardiaflow.Silo.Hosting;

/// <summary>
/// The Local profile: silos of one machine cluster over loopback through the primary's silo port, grain state in files
/// beside the lake (<see cref="FileGrainStorage"/>), the lake in a local folder, submissions read where they lie.
/// </summary>
internal static class LocalProfile
{
    public static void UseClustering(ISiloBuilder silo, SiloClusterOptions cluster)
    {
        var primary = cluster.PrimarySiloPort == 0 ? null : new IPEndPoint(IPAddress.Loopback, cluster.PrimarySiloPort);
        silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
    }

    public static void AddStorage(ISiloBuilder silo, IConfiguration configuration, LakeOptions lake)
    {
        var state = SiloOptions.AddValidated<GrainStateOptions>(silo.Services, configuration, GrainStateOptions.SectionName);
        var lakeRoot = Path.GetFullPath(lake.Root);
        var stateDirectory = string.IsNullOrWhiteSpace(state.Directory)
            ? Path.Combine(lakeRoot, "_orleans", "grain-state")
            : Path.GetFullPath(state.Directory);

        silo.Services.AddSingleton<ILakeStorage>(_ => new LocalLakeStorage(lakeRoot));
        silo.Services.AddSingleton<ISubmissionFolders, LocalSubmissionFolders>();
        silo.AddFileGrainStorage(GrainStorageNames.Default, stateDirectory);
        silo.AddFileGrainStorage(GrainStorageNames.PubSub, stateDirectory);
    }
}
