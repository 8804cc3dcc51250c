using System.Reflection;
using Kardiaflow.Deploy.Tests.Support;

namespace Kardiaflow.Deploy.Tests;

/// <summary>
/// The ConfigMap carries every setting the Azure-profile silo needs, named exactly as the silo reads it. The names live in
/// one file, deploy/k8s/base/silo-settings.env (the ConfigMap's source); this test holds it against the team's list of
/// Azure-profile settings and against the silo's options classes (a <c>SectionName</c> constant and a property per key).
/// </summary>
public sealed class SiloSettingsTests
{
    /// <summary>The settings the Azure profile needs (the team's names, docs/deploy.md "Settings").</summary>
    public static readonly string[] AzureProfileSettings =
    [
        "Kardiaflow:Profile",
        "Kardiaflow:Azure:BlobServiceUri",
        "Kardiaflow:Azure:TableServiceUri",
        "Kardiaflow:Lake:Container",
        "Kardiaflow:Cluster:ClusterId",
        "Kardiaflow:Cluster:ServiceId",
        "Kardiaflow:Cluster:SiloPort",
        "Kardiaflow:Cluster:GatewayPort",
        "Kardiaflow:Web:Port",
        "Kardiaflow:EventHubs:FullyQualifiedNamespace",
        "Kardiaflow:EventHubs:Hub",
        "Kardiaflow:EventHubs:ConsumerGroup",
        "AzureAd:Instance",
        "AzureAd:TenantId",
        "AzureAd:ClientId",
    ];

    public static TheoryData<string> Overlays => RenderedOverlay.Names;

    private static IReadOnlyDictionary<string, string> SourceFile => EnvFile.Read(Repository.Path("deploy", "k8s", "base", "silo-settings.env"));

    [Fact]
    public void The_settings_file_names_every_azure_profile_setting_and_selects_the_azure_profile()
    {
        var names = SourceFile.Keys.Select(EnvFile.SettingName).ToHashSet(StringComparer.Ordinal);
        Assert.All(AzureProfileSettings, setting => Assert.Contains(setting, names));
        Assert.Equal("Azure", SourceFile["Kardiaflow__Profile"]);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_rendered_configmap_keeps_every_setting_of_the_file_with_a_value(string overlay)
    {
        var data = (await RenderedOverlay.OfAsync(overlay)).Settings.Data;
        foreach (var key in SourceFile.Keys)
        {
            Assert.True(data.TryGetValue(key, out var value) && value.Length > 0, $"overlay {overlay}: {key} is missing or empty");
        }

        // The silo reads the ConfigMap as environment variables.
        var silo = (await RenderedOverlay.OfAsync(overlay)).SiloContainer;
        Assert.Equal((await RenderedOverlay.OfAsync(overlay)).Settings.Metadata.Name, Assert.Single(silo.EnvFrom).ConfigMapRef.Name);
    }

    /// <summary>
    /// Sections the ConfigMap sets before the silo has their options class: Event Hubs arrivals (issue 12). Once a class
    /// with that SectionName exists, its keys are checked like every other.
    /// </summary>
    private static readonly string[] SectionsNotYetInTheSilo = ["Kardiaflow:EventHubs"];

    [Fact]
    public void Every_kardiaflow_setting_in_the_file_is_a_property_of_the_silos_options()
    {
        var known = OptionsSettings();
        var sections = known.Select(Section).ToHashSet(StringComparer.Ordinal);
        // A key is checked when the silo has an options class for its section (AzureAd too, once the sign-in has one); every
        // Kardiaflow section must have one, but for the sections listed as not yet in the silo.
        var settings = SourceFile.Keys.Select(EnvFile.SettingName).ToList();
        var unknown = settings.Where(name => !known.Contains(name)
            && (sections.Contains(Section(name)) || (name.StartsWith("Kardiaflow:", StringComparison.Ordinal) && !SectionsNotYetInTheSilo.Contains(Section(name))))).ToList();
        Assert.True(unknown.Count == 0,
            $"not read by any options class of the silo (SectionName + property): {string.Join(", ", unknown)}; known: {string.Join(", ", known.Order(StringComparer.Ordinal))}");

        // The Azure profile's own settings are among them (the names the silo reads for storage, lake and cluster).
        Assert.Contains("Kardiaflow:Azure:BlobServiceUri", known);
        Assert.Contains("Kardiaflow:Lake:Container", known);
        Assert.Contains("Kardiaflow:Cluster:ClusterId", known);
        Assert.Contains("Kardiaflow:Web:Port", known);
    }

    [Fact]
    public void The_silo_reads_its_ports_and_profile_from_the_settings_the_configmap_sets()
    {
        // The defaults the silo falls back to equal the ConfigMap's values: a missing key would not change a port.
        var cluster = new Kardiaflow.Silo.Configuration.SiloClusterOptions();
        Assert.Equal(cluster.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture), SourceFile["Kardiaflow__Cluster__SiloPort"]);
        Assert.Equal(cluster.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture), SourceFile["Kardiaflow__Cluster__GatewayPort"]);
        Assert.Equal(cluster.ServiceId, SourceFile["Kardiaflow__Cluster__ServiceId"]);
        Assert.Equal(new Kardiaflow.Silo.Configuration.SiloWebOptions().Port.ToString(System.Globalization.CultureInfo.InvariantCulture), SourceFile["Kardiaflow__Web__Port"]);
        Assert.Equal(new Kardiaflow.Silo.Configuration.LakeOptions().Container, SourceFile["Kardiaflow__Lake__Container"]);
        Assert.Equal(Kardiaflow.Silo.Configuration.ProfileOptions.Azure, SourceFile["Kardiaflow__Profile"]);
    }

    private static string Section(string setting) => setting[..setting.LastIndexOf(':')];

    /// <summary>`Section:Property` for every public settable property of every options class (a SectionName constant) of the silo.</summary>
    private static HashSet<string> OptionsSettings()
    {
        var silo = typeof(Kardiaflow.Silo.Configuration.SiloWebOptions).Assembly;
        var assemblies = silo.GetReferencedAssemblies()
            .Where(a => a.Name?.StartsWith("Kardiaflow.", StringComparison.Ordinal) == true)
            .Select(Assembly.Load)
            .Append(silo);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field
                || field.GetRawConstantValue() is not string section)
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
            {
                names.Add($"{section}:{property.Name}");
            }
        }

        return names;
    }
}
