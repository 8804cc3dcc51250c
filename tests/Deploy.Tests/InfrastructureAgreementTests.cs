using System.Text.RegularExpressions;
using k8s.Models;
using Kardiaflow.Deploy.Tests.Support;
using Kardiaflow.Silo.Configuration;

namespace Kardiaflow.Deploy.Tests;

/// <summary>
/// infra/ and deploy/k8s name the same things: the namespace and service accounts the identity is federated with, the
/// lake container, hub and consumer group, the tables and containers the silo uses; and infra/deploy.sh turns the
/// deployment's outputs into a complete overlay (run offline in its `render` mode).
/// </summary>
public sealed partial class InfrastructureAgreementTests
{
    public static TheoryData<string> Overlays => RenderedOverlay.Names;

    private static string OutputsFixture => Repository.Path("tests", "Deploy.Tests", "fixtures", "deployment-outputs-dev.env");

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_parameter_file_federates_the_overlays_namespace(string overlay)
    {
        var parameters = await Bicep.ParametersAsync(overlay);
        var rendered = await RenderedOverlay.OfAsync(overlay);
        Assert.Equal(rendered.Namespace, parameters["kubernetesNamespace"]!["value"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Bicep_federates_exactly_the_service_accounts_the_pods_run_as(string overlay)
    {
        var template = await Bicep.MainTemplateAsync();
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var federated = new[] { "siloServiceAccountName", "consoleServiceAccountName" }
            .Select(p => template["parameters"]![p]!["defaultValue"]!.GetValue<string>())
            .Order(StringComparer.Ordinal);
        var podAccounts = new[] { rendered.Silo.Spec.Template.Spec.ServiceAccountName, rendered.Single<V1Job>("kardiaflow-submit").Spec.Template.Spec.ServiceAccountName }
            .Order(StringComparer.Ordinal);
        Assert.Equal(podAccounts, federated);
        Assert.Equal(rendered.All<V1ServiceAccount>().Select(a => a.Metadata.Name).Order(StringComparer.Ordinal), federated);

        var credential = Assert.Single(Bicep.OfType(template, "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials")).Resource;
        Assert.Equal("[format('system:serviceaccount:{0}:{1}', parameters('kubernetesNamespace'), parameters('serviceAccountNames')[copyIndex()])]",
            credential["properties"]!["subject"]!.GetValue<string>());
        Assert.Equal("api://AzureADTokenExchange", Assert.Single(credential["properties"]!["audiences"]!.AsArray())!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Bicep_creates_the_container_hub_and_consumer_group_the_configmap_names(string overlay)
    {
        var parameters = (await Bicep.MainTemplateAsync())["parameters"]!;
        var settings = (await RenderedOverlay.OfAsync(overlay)).Settings.Data;
        Assert.Equal(settings["Kardiaflow__Lake__Container"], parameters["lakeContainerName"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal(settings["Kardiaflow__EventHubs__Hub"], parameters["eventHubName"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal(settings["Kardiaflow__EventHubs__ConsumerGroup"], parameters["eventHubConsumerGroupName"]!["defaultValue"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bicep_creates_the_tables_and_containers_the_azure_profile_uses()
    {
        var variables = (await Bicep.MainTemplateAsync())["variables"]!;
        var tables = variables["tableNames"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal);
        // The silo's names (src/Silo/Configuration/AzureStorageOptions.cs) and the Event Hubs checkpoints' table (the team's name).
        Assert.Equal(
            new[] { AzureStorageOptions.MembershipTable, AzureStorageOptions.GrainStateTable, "KardiaflowCheckpoints" }.Order(StringComparer.Ordinal),
            tables);
        Assert.Equal(AzureStorageOptions.GrainStateContainer, variables["grainStateContainerName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_output_deploy_sh_reads_is_an_output_of_main_bicep()
    {
        var script = Repository.Read("infra", "deploy.sh");
        var list = OutputsArray().Match(script);
        Assert.True(list.Success, "infra/deploy.sh has no `readonly outputs=(...)` list");
        var read = list.Groups[1].Value.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var outputs = (await Bicep.MainTemplateAsync())["outputs"]!.AsObject().Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(read);
        Assert.All(read, name => Assert.Contains(name, outputs));
        // teardown.sh reads these three from the same deployment.
        Assert.All(new[] { "aksName", "kubernetesNamespace", "logAnalyticsWorkspaceName" }, name => Assert.Contains(name, outputs));
    }

    [Fact]
    public async Task Deploy_renders_the_overlay_with_the_deployments_settings_identity_and_images()
    {
        var outputs = EnvFile.Read(OutputsFixture);
        var scratch = Directory.CreateTempSubdirectory("kardiaflow-render-");
        try
        {
            var result = (await Tool.RunAsync(DeployTools.Bash, [Repository.Path("infra", "deploy.sh"), "render", "--env", "dev", "--outputs", OutputsFixture,
                "--image-tag", "0123abcd", "--dashboard-client-id", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "--out", scratch.FullName])).Succeeded();
            var rendered = RenderedOverlay.Parse("dev-deployed", result.StdOut);
            Assert.DoesNotContain("set-by-infra-deploy", result.StdOut, StringComparison.Ordinal);

            var data = rendered.Settings.Data;
            Assert.Equal(outputs["blobServiceUri"], data["Kardiaflow__Azure__BlobServiceUri"]);
            Assert.Equal(outputs["tableServiceUri"], data["Kardiaflow__Azure__TableServiceUri"]);
            Assert.Equal(outputs["eventHubsFullyQualifiedNamespace"], data["Kardiaflow__EventHubs__FullyQualifiedNamespace"]);
            Assert.Equal(outputs["tenantId"], data["AzureAd__TenantId"]);
            Assert.Equal("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", data["AzureAd__ClientId"]);
            Assert.Equal("kardiaflow-dev", data["Kardiaflow__Cluster__ClusterId"]);
            Assert.All(rendered.All<V1ServiceAccount>(), a => Assert.Equal(outputs["identityClientId"], a.Metadata.Annotations["azure.workload.identity/client-id"]));
            Assert.Equal("kfdevexample.azurecr.io/kardiaflow-silo:0123abcd", rendered.SiloContainer.Image);
            Assert.Equal("kfdevexample.azurecr.io/kardiaflow-console:0123abcd", rendered.Single<V1Job>("kardiaflow-submit").Spec.Template.Spec.Containers[0].Image);
            // The pods still read the (renamed) ConfigMap.
            Assert.Equal(rendered.Settings.Metadata.Name, rendered.SiloContainer.EnvFrom[0].ConfigMapRef.Name);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Deploy_refuses_outputs_federated_for_another_namespace()
    {
        var scratch = Directory.CreateTempSubdirectory("kardiaflow-render-");
        try
        {
            var outputs = Path.Combine(scratch.FullName, "outputs.env");
            await File.WriteAllTextAsync(outputs, (await File.ReadAllTextAsync(OutputsFixture)).Replace("kubernetesNamespace=kardiaflow-dev", "kubernetesNamespace=kardiaflow-prod", StringComparison.Ordinal));
            var result = await Tool.RunAsync(DeployTools.Bash, [Repository.Path("infra", "deploy.sh"), "render", "--env", "dev", "--outputs", outputs,
                "--image-tag", "t", "--dashboard-client-id", "c", "--out", Path.Combine(scratch.FullName, "k8s")]);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("Bicep federated namespace 'kardiaflow-prod' but overlay dev uses 'kardiaflow-dev'", result.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Deploy_refuses_outputs_with_a_setting_missing()
    {
        var scratch = Directory.CreateTempSubdirectory("kardiaflow-render-");
        try
        {
            var outputs = Path.Combine(scratch.FullName, "outputs.env");
            var lines = (await File.ReadAllLinesAsync(OutputsFixture)).Where(l => !l.StartsWith("tableServiceUri=", StringComparison.Ordinal));
            await File.WriteAllLinesAsync(outputs, lines);
            var result = await Tool.RunAsync(DeployTools.Bash, [Repository.Path("infra", "deploy.sh"), "render", "--env", "dev", "--outputs", outputs,
                "--image-tag", "t", "--dashboard-client-id", "c", "--out", Path.Combine(scratch.FullName, "k8s")]);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("output 'tableServiceUri' is missing", result.StdErr, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(scratch.FullName, "k8s", "kustomization.yaml")));
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"readonly outputs=\(([^)]*)\)")]
    private static partial Regex OutputsArray();
}
