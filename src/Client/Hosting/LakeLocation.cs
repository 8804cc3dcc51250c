using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.Startup;

namespace Kardiaflow.Client.Hosting;

/// <summary>The lake a reading command (<c>kpis</c>, <c>checks</c>) reads: <c>--lake DIR</c>, or the Azure profile's container.</summary>
internal static class LakeLocation
{
    public const string OptionDescription = "Lake folder (Local profile; with Kardiaflow__Profile=Azure the container Kardiaflow__Lake__Container is read instead).";

    /// <summary>The lake's storage, or null after printing why there is none (not a lake folder, a bad Azure setting).</summary>
    public static async Task<ILakeStorage?> OpenAsync(DirectoryInfo folder)
    {
        var profile = ClientProfile.FromEnvironment();
        try
        {
            if (!profile.LakeExists(folder.FullName))
            {
                await Console.Error.WriteLineAsync($"'{folder.FullName}' is not a lake folder.");
                return null;
            }

            return profile.LakeStorage(folder.FullName);
        }
        catch (SiloStartupException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return null;
        }
    }
}
