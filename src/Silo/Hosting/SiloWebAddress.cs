using Kardiaflow.Silo.Configuration;

namespace Kardiaflow.Silo.Hosting;

/// <summary>
/// The address the silo's web host binds: loopback in the Local profile (one user's machine), every interface in the
/// Azure profile (probes and the cluster's ingress reach the pod by its IP).
/// </summary>
public static class SiloWebAddress
{
    public static string For(IConfiguration configuration, SiloWebOptions web)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(web);
        var profile = configuration.GetSection(ProfileOptions.SectionName).Get<ProfileOptions>() ?? new ProfileOptions();
        var host = profile.IsAzure ? "0.0.0.0" : "127.0.0.1";
        return $"http://{host}:{web.Port}";
    }
}
