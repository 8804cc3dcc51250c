using k8s;
using k8s.Models;
using Kardiaflow.Deploy.Tests.Support;

namespace Kardiaflow.Deploy.Tests;

/// <summary>
/// deploy/k8s: both overlays render offline (`kubectl kustomize`), every object is valid against the Kubernetes schemas
/// (npm kubernetes-models, scripts/validate-k8s.mjs) and reads strictly as a typed object, and holds what the issue asks.
/// </summary>
public sealed class ManifestTests
{
    public static TheoryData<string> Overlays => RenderedOverlay.Names;

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_object_validates_against_the_kubernetes_schemas(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var file = Path.Combine(Path.GetTempPath(), $"kardiaflow-{overlay}-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, rendered.Yaml);
        try
        {
            _ = DeployTools.KubernetesModels;
            var result = (await Tool.RunAsync(DeployTools.Node, [Repository.Path("scripts", "validate-k8s.mjs"), DeployTools.ToolsDirectory, file])).Succeeded();
            Assert.Contains($"{rendered.Objects.Count} objects, 0 invalid", result.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_schema_validation_rejects_a_wrong_type_and_an_unknown_kind()
    {
        var rendered = await RenderedOverlay.OfAsync("dev");
        var broken = rendered.Yaml.Replace("containerPort: 8080", "containerPort: \"eighty\"", StringComparison.Ordinal)
            + "---\napiVersion: example.com/v1\nkind: Unknown\nmetadata:\n  name: x\n";
        var file = Path.Combine(Path.GetTempPath(), $"kardiaflow-broken-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, broken);
        try
        {
            var result = await Tool.RunAsync(DeployTools.Node, [Repository.Path("scripts", "validate-k8s.mjs"), DeployTools.ToolsDirectory, file]);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("containerPort must be integer", result.StdOut, StringComparison.Ordinal);
            Assert.Contains("no schema for this apiVersion and kind", result.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_strict_read_rejects_a_field_kubernetes_does_not_define()
    {
        var rendered = await RenderedOverlay.OfAsync("dev");
        var misspelt = rendered.Yaml.Replace("terminationGracePeriodSeconds:", "terminationGracePeriodSecond:", StringComparison.Ordinal);
        Assert.ThrowsAny<Exception>(() => RenderedOverlay.Parse("dev-misspelt", misspelt));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_overlay_has_every_object_the_deployment_needs_in_its_own_namespace(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        Assert.Equal($"kardiaflow-{overlay}", rendered.Namespace);
        var kinds = rendered.Objects.Select(o => o.Kind).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Job", "Namespace", "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount", "ServiceAccount"],
            kinds);
        foreach (var item in rendered.Objects.OfType<IKubernetesObject<V1ObjectMeta>>().Where(o => o.Kind != "Namespace"))
        {
            Assert.True(item.Metadata.NamespaceProperty == rendered.Namespace, $"{item.Kind} {item.Metadata.Name} is in {item.Metadata.NamespaceProperty}");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task No_secret_is_in_the_manifests(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        Assert.Empty(rendered.All<V1Secret>());
        // Workload identity only: no connection string, account key or SAS in the settings.
        Assert.DoesNotContain(rendered.Settings.Data.Keys, key => key.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
        foreach (var marker in new[] { "AccountKey=", "SharedAccessKey=", "SharedAccessSignature=", "sig=" })
        {
            Assert.DoesNotContain(marker, rendered.Yaml, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_container_has_requests_and_a_memory_limit_and_runs_non_root_read_only(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var pods = new[] { rendered.Silo.Spec.Template.Spec, rendered.Single<V1Job>("kardiaflow-submit").Spec.Template.Spec };
        foreach (var pod in pods)
        {
            Assert.True(pod.SecurityContext.RunAsNonRoot);
            foreach (var container in pod.Containers)
            {
                Assert.True(container.Resources.Requests.ContainsKey("cpu") && container.Resources.Requests.ContainsKey("memory"), container.Name);
                Assert.True(container.Resources.Limits.ContainsKey("memory"), container.Name);
                Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
                Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
                Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Silos_are_spread_over_nodes_and_zones(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var spread = rendered.Silo.Spec.Template.Spec.TopologySpreadConstraints;
        var selector = rendered.Silo.Spec.Selector.MatchLabels;
        Assert.Contains(spread, c => c.TopologyKey == "kubernetes.io/hostname" && Matches(c.LabelSelector.MatchLabels, selector));
        Assert.Contains(spread, c => c.TopologyKey == "topology.kubernetes.io/zone" && Matches(c.LabelSelector.MatchLabels, selector));
        if (overlay == "prod")
        {
            Assert.Equal("DoNotSchedule", spread.Single(c => c.TopologyKey == "kubernetes.io/hostname").WhenUnsatisfiable);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_budget_the_autoscaler_and_the_web_service_select_the_silos(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var podLabels = rendered.Silo.Spec.Template.Metadata.Labels;
        var pdb = rendered.Single<V1PodDisruptionBudget>("kardiaflow-silo");
        Assert.True(Matches(pdb.Spec.Selector.MatchLabels, podLabels));
        Assert.Equal("1", pdb.Spec.MaxUnavailable.Value);

        var hpa = rendered.Single<V2HorizontalPodAutoscaler>("kardiaflow-silo");
        Assert.Equal(("Deployment", "kardiaflow-silo"), (hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
        Assert.Equal(overlay == "prod" ? (3, 10) : (2, 3), (hpa.Spec.MinReplicas ?? 0, hpa.Spec.MaxReplicas));
        // The autoscaler owns the replica count: a re-apply must not reset it.
        Assert.Null(rendered.Silo.Spec.Replicas);

        var service = rendered.Single<V1Service>("kardiaflow-web");
        Assert.True(Matches(service.Spec.Selector, podLabels));
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal("http", port.TargetPort.Value);
        Assert.Equal("ClientIP", service.Spec.SessionAffinity);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_submit_job_runs_kardiaflow_submit_from_the_console_image_as_the_console_identity(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var job = rendered.Single<V1Job>("kardiaflow-submit");
        var pod = job.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        Assert.Equal(["submit", "$(KARDIAFLOW_SUBMIT_PATH)", "--wait"], container.Args);
        // By default it submits the sample the console image carries.
        var path = container.Env.Single(e => e.Name == "KARDIAFLOW_SUBMIT_PATH").Value;
        Assert.Contains(Dockerfile.Load("src", "Client", "Dockerfile").All("COPY"), c => c.Arguments == $"samples/kardiaflow {path}");
        Assert.StartsWith("kardiaflow-console", container.Image, StringComparison.Ordinal);
        Assert.Equal("kardiaflow-console", pod.ServiceAccountName);
        Assert.Equal("true", job.Spec.Template.Metadata.Labels["azure.workload.identity/use"]);
        Assert.Equal(rendered.Settings.Metadata.Name, Assert.Single(container.EnvFrom).ConfigMapRef.Name);
        // Applied suspended: it runs when someone resumes it (docs/deploy.md), not on every deploy.
        Assert.True(job.Spec.Suspend);
        Assert.Equal("Never", pod.RestartPolicy);
    }

    internal static bool Matches(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);
}
