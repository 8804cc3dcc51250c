using k8s.Models;
using Kardiaflow.Deploy.Tests.Support;

namespace Kardiaflow.Deploy.Tests;

/// <summary>
/// What Orleans' Kubernetes hosting (Microsoft.Orleans.Hosting.Kubernetes) reads from the pod, and what the silo listens
/// on, agree across the Deployment, the ConfigMap, the RBAC objects and the Dockerfile.
/// </summary>
public sealed class OrleansHostingTests
{
    public static TheoryData<string> Overlays => RenderedOverlay.Names;

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_pod_labels_orleans_reads_equal_the_configured_service_and_cluster_ids(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var labels = rendered.Silo.Spec.Template.Metadata.Labels;
        var settings = rendered.Settings.Data;
        // Orleans.Hosting.Kubernetes: KubernetesHostingOptions.ServiceIdLabel / ClusterIdLabel.
        Assert.Equal(settings["Kardiaflow__Cluster__ServiceId"], labels["orleans/serviceId"]);
        Assert.Equal(settings["Kardiaflow__Cluster__ClusterId"], labels["orleans/clusterId"]);
        Assert.Equal($"kardiaflow-{overlay}", labels["orleans/clusterId"]);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_downward_api_gives_the_pod_name_namespace_ip_and_the_ids_from_the_labels(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var env = rendered.SiloContainer.Env.ToDictionary(e => e.Name);
        Assert.Equal("metadata.name", env["POD_NAME"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("status.podIP", env["POD_IP"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.labels['orleans/serviceId']", env["ORLEANS_SERVICE_ID"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.labels['orleans/clusterId']", env["ORLEANS_CLUSTER_ID"].ValueFrom.FieldRef.FieldPath);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_container_ports_are_the_configured_web_silo_and_gateway_ports(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var ports = rendered.SiloContainer.Ports.ToDictionary(p => p.Name, p => p.ContainerPort);
        var settings = rendered.Settings.Data;
        Assert.Equal(int.Parse(settings["Kardiaflow__Web__Port"], System.Globalization.CultureInfo.InvariantCulture), ports["http"]);
        Assert.Equal(int.Parse(settings["Kardiaflow__Cluster__SiloPort"], System.Globalization.CultureInfo.InvariantCulture), ports["silo"]);
        Assert.Equal(int.Parse(settings["Kardiaflow__Cluster__GatewayPort"], System.Globalization.CultureInfo.InvariantCulture), ports["gateway"]);
        Assert.Equal(3, ports.Count);

        var exposed = Dockerfile.Load("src", "Silo", "Dockerfile").All("EXPOSE").SelectMany(e => e.Arguments.Split(' ')).Select(int.Parse).Order();
        Assert.Equal(ports.Values.Order(), exposed);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Readiness_is_health_liveness_is_alive_on_the_web_port(string overlay)
    {
        var container = (await RenderedOverlay.OfAsync(overlay)).SiloContainer;
        Assert.Equal(("/health", "http"), (container.ReadinessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Port.Value));
        Assert.Equal(("/alive", "http"), (container.LivenessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Port.Value));
        Assert.Equal(("/alive", "http"), (container.StartupProbe.HttpGet.Path, container.StartupProbe.HttpGet.Port.Value));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_silo_service_account_is_bound_to_the_pod_role_orleans_needs_and_no_more(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var pod = rendered.Silo.Spec.Template.Spec;
        var account = rendered.Single<V1ServiceAccount>(pod.ServiceAccountName);
        // The hosting package calls the API with the pod's service account token.
        Assert.True(pod.AutomountServiceAccountToken);
        Assert.NotEqual(false, account.AutomountServiceAccountToken);

        var binding = rendered.Single<V1RoleBinding>("kardiaflow-silo-pods");
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", account.Metadata.Name, rendered.Namespace), (subject.Kind, subject.Name, subject.NamespaceProperty));
        Assert.Equal("Role", binding.RoleRef.Kind);

        var role = rendered.Single<V1Role>(binding.RoleRef.Name);
        var rule = Assert.Single(role.Rules);
        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["pods"], rule.Resources);
        Assert.Equal(["delete", "get", "list", "patch", "watch"], rule.Verbs.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(rendered.Objects, o => o.Kind is "ClusterRole" or "ClusterRoleBinding");

        // The console Job does not call the Kubernetes API: no token, no binding.
        var console = rendered.Single<V1ServiceAccount>("kardiaflow-console");
        Assert.False(console.AutomountServiceAccountToken);
        Assert.DoesNotContain(rendered.All<V1RoleBinding>().SelectMany(b => b.Subjects), s => s.Name == "kardiaflow-console");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Grains_have_time_to_move_before_a_pod_is_killed(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var shutdown = int.Parse(rendered.SiloContainer.Env.Single(e => e.Name == "DOTNET_SHUTDOWNTIMEOUTSECONDS").Value, System.Globalization.CultureInfo.InvariantCulture);
        var grace = rendered.Silo.Spec.Template.Spec.TerminationGracePeriodSeconds;
        Assert.True(shutdown >= 60, $"host shutdown timeout {shutdown}s");
        Assert.True(grace >= shutdown + 15, $"grace {grace}s must outlast the host's shutdown timeout {shutdown}s");
        Assert.Equal(0, rendered.Silo.Spec.Strategy.RollingUpdate.MaxUnavailable.Value is "0" ? 0 : int.Parse(rendered.Silo.Spec.Strategy.RollingUpdate.MaxUnavailable.Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_silo_pods_use_azure_workload_identity(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        Assert.Equal("true", rendered.Silo.Spec.Template.Metadata.Labels["azure.workload.identity/use"]);
        foreach (var account in rendered.All<V1ServiceAccount>())
        {
            Assert.True(account.Metadata.Annotations.ContainsKey("azure.workload.identity/client-id"), account.Metadata.Name);
        }
    }
}
