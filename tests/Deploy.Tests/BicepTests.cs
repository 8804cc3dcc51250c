using System.Text.Json.Nodes;
using Kardiaflow.Deploy.Tests.Support;

namespace Kardiaflow.Deploy.Tests;

/// <summary>infra/: every Bicep file compiles with no warning, the linter (infra/bicepconfig.json) reports nothing.</summary>
public sealed class BicepTests
{
    private static List<string> Files() =>
        Directory.EnumerateFiles(Bicep.InfraPath(), "*.bicep*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Bicep.InfraPath(), file))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Infra_holds_main_its_modules_and_a_parameter_file_per_environment()
    {
        var files = Files();
        Assert.Contains("main.bicep", files);
        Assert.Contains(Path.Combine("parameters", "dev.bicepparam"), files);
        Assert.Contains(Path.Combine("parameters", "prod.bicepparam"), files);
        Assert.True(files.Count(f => f.StartsWith("modules", StringComparison.Ordinal)) >= 5, string.Join(", ", files));
    }

    [Fact]
    public async Task Every_bicep_file_compiles_without_a_diagnostic()
    {
        var output = Directory.CreateTempSubdirectory("kardiaflow-bicep-build-");
        try
        {
            // One CLI run for all files (each run costs seconds of start-up); a warning goes to stderr with exit code 0.
            var result = (await Bicep.RunInAsync(Bicep.InfraPath(), "build", "--pattern", "**/*.bicep", "--outdir", output.FullName)).Succeeded();
            Assert.True(result.StdErr.Trim().Length == 0, result.Describe());
            var built = Directory.EnumerateFiles(output.FullName, "*.json", SearchOption.AllDirectories).Count();
            Assert.Equal(Files().Count(f => f.EndsWith(".bicep", StringComparison.Ordinal)), built);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Every_parameter_file_builds_against_main(string environment)
    {
        var parameters = await Bicep.ParametersAsync(environment);
        Assert.Equal(environment, parameters["environmentName"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_linter_reports_nothing_on_any_file()
    {
        var result = (await Bicep.RunInAsync(Bicep.InfraPath(), "lint", "--pattern", "**/*.bicep*")).Succeeded();
        Assert.True((result.StdOut + result.StdErr).Trim().Length == 0, result.Describe());
    }

    [Fact]
    public async Task The_linter_catches_a_warning_at_all()
    {
        // The check above is only worth something if the CLI reports problems here: lint a copy of main.bicep with an
        // unused parameter (an error in infra/bicepconfig.json) beside the real config and modules.
        var scratch = Directory.CreateTempSubdirectory("kardiaflow-bicep-");
        try
        {
            File.Copy(Bicep.InfraPath("bicepconfig.json"), Path.Combine(scratch.FullName, "bicepconfig.json"));
            var broken = Path.Combine(scratch.FullName, "broken.bicep");
            await File.WriteAllTextAsync(broken, "param unused string\noutput where string = resourceGroup().location\n");
            var result = await Bicep.RunInAsync(scratch.FullName, "lint", broken);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("no-unused-params", result.StdOut + result.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_storage_account_is_adls_gen2_private_https_and_tls12()
    {
        var account = Assert.Single(Bicep.OfType(await Bicep.MainTemplateAsync(), "Microsoft.Storage/storageAccounts")).Resource;
        var properties = account["properties"]!;
        Assert.True(properties["isHnsEnabled"]!.GetValue<bool>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.True(properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
        var container = Assert.Single(Bicep.OfType(await Bicep.MainTemplateAsync(), "Microsoft.Storage/storageAccounts/blobServices/containers")).Resource;
        Assert.Equal("None", container["properties"]!["publicAccess"]!.GetValue<string>());
    }

    [Fact]
    public async Task Aks_has_the_oidc_issuer_workload_identity_and_container_insights()
    {
        var cluster = Assert.Single(Bicep.OfType(await Bicep.MainTemplateAsync(), "Microsoft.ContainerService/managedClusters")).Resource;
        var properties = cluster["properties"]!;
        Assert.True(properties["oidcIssuerProfile"]!["enabled"]!.GetValue<bool>());
        Assert.True(properties["securityProfile"]!["workloadIdentity"]!["enabled"]!.GetValue<bool>());
        Assert.True(properties["addonProfiles"]!["omsagent"]!["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Event_hubs_takes_its_partition_count_as_a_parameter_and_has_a_consumer_group()
    {
        var template = await Bicep.MainTemplateAsync();
        var hub = Assert.Single(Bicep.OfType(template, "Microsoft.EventHub/namespaces/eventhubs")).Resource;
        Assert.Equal("[parameters('partitionCount')]", hub["properties"]!["partitionCount"]!.GetValue<string>());
        Assert.Equal("int", template["parameters"]!["eventHubPartitionCount"]!["type"]!.GetValue<string>());
        Assert.Single(Bicep.OfType(template, "Microsoft.EventHub/namespaces/eventhubs/consumergroups"));
        var ns = Assert.Single(Bicep.OfType(template, "Microsoft.EventHub/namespaces")).Resource;
        Assert.True(ns["properties"]!["disableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_identity_gets_the_four_data_roles_scoped_to_the_storage_account_and_the_hub()
    {
        var main = await Bicep.MainTemplateAsync();
        var module = Bicep.ModuleTemplate(main, "identity");
        var assignments = Bicep.OfType(main, "Microsoft.Authorization/roleAssignments")
            .Where(a => a.Module == "identity")
            .Select(a => (Role: Bicep.RoleDefinitionGuid(module, a.Resource), Scope: a.Resource["scope"]?.GetValue<string>() ?? ""))
            .ToList();
        var expected = new Dictionary<string, string>
        {
            ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Microsoft.Storage/storageAccounts", // Storage Blob Data Contributor
            ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Microsoft.Storage/storageAccounts", // Storage Table Data Contributor
            ["a638d3c7-ab3a-418d-83e6-5f17a39d4fde"] = "Microsoft.EventHub/namespaces/eventhubs", // Event Hubs Data Receiver
            ["2b629674-e913-4c01-ae53-ef4638d8f975"] = "Microsoft.EventHub/namespaces/eventhubs", // Event Hubs Data Sender
        };
        Assert.Equal(expected.Count, assignments.Count);
        foreach (var (roleId, scopeType) in expected)
        {
            var assignment = Assert.Single(assignments, a => a.Role == roleId);
            // Scoped to the resource (ARM writes the scope as its resourceId), never to the resource group or subscription.
            Assert.Contains($"resourceId('{scopeType}'", assignment.Scope, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Aks_pulls_from_the_registry_with_its_kubelet_identity()
    {
        var main = await Bicep.MainTemplateAsync();
        var pull = Assert.Single(Bicep.OfType(main, "Microsoft.Authorization/roleAssignments"), a => a.Module == "aks").Resource;
        Assert.Equal("7f951dda-4ed3-4680-a7ca-43fe172d538d", Bicep.RoleDefinitionGuid(Bicep.ModuleTemplate(main, "aks"), pull)); // AcrPull
        Assert.Contains("kubeletidentity", pull["properties"]!["principalId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Microsoft.ContainerRegistry/registries", pull["scope"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
