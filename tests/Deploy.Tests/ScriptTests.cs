using Kardiaflow.Deploy.Tests.Support;

namespace Kardiaflow.Deploy.Tests;

/// <summary>
/// infra/deploy.sh and infra/teardown.sh: `bash -n` and shellcheck clean, and their decisions, run against stand-ins for
/// `az` and `kubectl` (tests/Deploy.Tests/fakes; Azure cannot be reached here) that record every call: teardown refuses
/// a group deploy did not tag, asks first, deletes in order, and is idempotent; deploy refuses a group it did not tag and
/// runs what-if before it deploys.
/// </summary>
public sealed class ScriptTests
{
    private const string Namespace = "kardiaflow-dev";

    public static TheoryData<string> Scripts => new(
        Directory.EnumerateFiles(Repository.Path("infra"), "*.sh")
            .Concat(Directory.EnumerateFiles(Repository.Path("scripts"), "*.sh"))
            .Concat(Directory.EnumerateFiles(Repository.Path("tests", "Deploy.Tests", "fakes")))
            .Select(f => Path.GetRelativePath(Repository.Root, f))
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Every_script_parses_and_is_shellcheck_clean(string script)
    {
        (await Tool.RunAsync(DeployTools.Bash, ["-n", Repository.Path(script)])).Succeeded();
        (await Tool.RunAsync(DeployTools.ShellCheck, ["--shell=bash", "--severity=style", Repository.Path(script)])).Succeeded();
    }

    [Fact]
    public async Task Shellcheck_reports_a_real_mistake()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kardiaflow-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(file, "#!/usr/bin/env bash\nrm -rf $1/*\n");
        try
        {
            var result = await Tool.RunAsync(DeployTools.ShellCheck, [file]);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("SC2086", result.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Teardown_refuses_a_group_deploy_did_not_tag()
    {
        using var azure = new FakeAzure();
        azure.Set("group_exists", "true");
        azure.Set("group_tags", "None\nNone");
        var result = await azure.RunAsync("teardown.sh", ["--env", "dev", "--resource-group", "someone-elses", "--yes"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("was not created by infra/deploy.sh for 'dev', refusing to delete it", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(azure.Calls, c => c.Contains("delete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Teardown_refuses_the_group_of_another_environment()
    {
        using var azure = new FakeAzure();
        azure.Set("group_exists", "true");
        azure.Set("group_tags", "infra/deploy.sh\tprod");
        var result = await azure.RunAsync("teardown.sh", ["--env", "dev", "--resource-group", "kardiaflow-prod", "--yes"]);
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain(azure.Calls, c => c.Contains("delete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Teardown_asks_and_deletes_nothing_unless_the_group_name_is_typed()
    {
        using var azure = new FakeAzure();
        azure.Deployed();
        var result = await azure.RunAsync("teardown.sh", ["--env", "dev", "--resource-group", "kardiaflow-dev"], stdin: "y\n");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not deleted", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(azure.Calls, c => c.Contains("delete", StringComparison.Ordinal));

        using var confirmed = new FakeAzure();
        confirmed.Deployed();
        (await confirmed.RunAsync("teardown.sh", ["--env", "dev", "--resource-group", "kardiaflow-dev"], stdin: "kardiaflow-dev\n")).Succeeded();
        Assert.Contains(confirmed.Calls, c => c == "az group delete --name kardiaflow-dev --yes");
    }

    [Fact]
    public async Task Teardown_deletes_namespace_workspace_group_and_context_in_that_order_and_is_idempotent()
    {
        using var azure = new FakeAzure();
        azure.Deployed();
        (await azure.RunAsync("teardown.sh", ["--env", "dev", "--resource-group", "kardiaflow-dev", "--yes"])).Succeeded();
        var order = new[]
        {
            $"kubectl --context kardiaflow-dev delete namespace {Namespace} --ignore-not-found --wait=true --timeout=10m",
            "az monitor log-analytics workspace delete --resource-group kardiaflow-dev --workspace-name kardiaflow-dev-logs --force true --yes",
            "az group delete --name kardiaflow-dev --yes",
            "kubectl config delete-context kardiaflow-dev",
        }.Select(call => azure.Calls.IndexOf(call)).ToList();
        Assert.True(order.All(i => i >= 0) && order.SequenceEqual(order.Order()), $"calls:\n{string.Join('\n', azure.Calls)}");

        // Again: the group is gone, nothing is deleted twice, and it still succeeds.
        var before = azure.Calls.Count;
        var again = (await azure.RunAsync("teardown.sh", ["--env", "dev", "--resource-group", "kardiaflow-dev", "--yes"])).Succeeded();
        Assert.Contains("does not exist: nothing to delete", again.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(azure.Calls.Skip(before), c => c.Contains("delete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploy_refuses_a_group_it_did_not_tag()
    {
        using var azure = new FakeAzure();
        azure.Set("group_exists", "true");
        azure.Set("group_tags", "None\nNone");
        var result = await azure.RunAsync("deploy.sh", ["--env", "dev", "--resource-group", "shared-rg", "--location", "westeurope", "--dashboard-client-id", "app", "--yes"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("refusing to deploy into it", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(azure.Calls, c => c.StartsWith("az deployment group", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploy_tags_the_group_runs_what_if_deploys_builds_both_images_and_applies_the_rendered_overlay()
    {
        using var azure = new FakeAzure();
        azure.Set("group_exists", "false");
        var fixture = EnvFile.Read(Repository.Path("tests", "Deploy.Tests", "fixtures", "deployment-outputs-dev.env"));
        azure.Set("deploy_outputs", string.Join('\n', fixture.Values));
        (await azure.RunAsync("deploy.sh", ["--env", "dev", "--resource-group", "kardiaflow-dev", "--location", "westeurope",
            "--dashboard-client-id", "app", "--image-tag", "t1", "--yes"])).Succeeded();
        var steps = new[]
        {
            "az group create --name kardiaflow-dev --location westeurope --tags kardiaflow-created-by=infra/deploy.sh kardiaflow-environment=dev --output none",
            "az deployment group what-if",
            "az deployment group create",
            "az acr build --registry kfdevexample --image kardiaflow-silo:t1",
            "az acr build --registry kfdevexample --image kardiaflow-console:t1",
            "kubectl --context kardiaflow-dev --namespace kardiaflow-dev delete job kardiaflow-submit --ignore-not-found",
            "kubectl --context kardiaflow-dev apply --filename",
            "kubectl --context kardiaflow-dev --namespace kardiaflow-dev rollout status deployment/kardiaflow-silo",
        }.Select(step => azure.Calls.FindIndex(c => c.StartsWith(step, StringComparison.Ordinal))).ToList();
        Assert.True(steps.All(i => i >= 0) && steps.SequenceEqual(steps.Order()), $"calls:\n{string.Join('\n', azure.Calls)}");
        Assert.Contains("kfdevexample.azurecr.io/kardiaflow-silo:t1", azure.Applied, StringComparison.Ordinal);
    }

    /// <summary>A folder of fake state plus PATH with the fakes first; disposes the folder.</summary>
    private sealed class FakeAzure : IDisposable
    {
        private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("kardiaflow-fake-azure-");

        public List<string> Calls => File.Exists(Path.Combine(_state.FullName, "calls"))
            ? File.ReadAllLines(Path.Combine(_state.FullName, "calls")).ToList()
            : [];

        /// <summary>The manifests deploy.sh applied (it keeps them in its temporary folder, gone by now: the fake kubectl copies them).</summary>
        public string Applied => File.ReadAllText(Path.Combine(_state.FullName, "applied.yaml"));

        public void Set(string name, string content) => File.WriteAllText(Path.Combine(_state.FullName, name), content + "\n");

        /// <summary>What deploy.sh leaves: a tagged group, a deployment with outputs, a cluster, a workspace, a kubectl context.</summary>
        public void Deployed()
        {
            Set("group_exists", "true");
            Set("group_tags", "infra/deploy.sh\ndev");
            Set("teardown_outputs", $"kardiaflow-dev-aks\n{Namespace}\nkardiaflow-dev-logs");
            Set("aks_exists", "");
            Set("workspace_exists", "");
            Set("context_exists", "");
        }

        public Task<ToolResult> RunAsync(string script, string[] arguments, string? stdin = null) =>
            Tool.RunAsync(DeployTools.Bash, [Repository.Path("infra", script), .. arguments], stdin: stdin, environment: new Dictionary<string, string>
            {
                ["PATH"] = $"{Repository.Path("tests", "Deploy.Tests", "fakes")}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
                ["FAKE_STATE"] = _state.FullName,
                ["REAL_KUBECTL"] = DeployTools.Kubectl,
            });

        public void Dispose() => _state.Delete(recursive: true);
    }
}
