namespace Kardiaflow.Deploy.Tests.Support;

/// <summary>
/// The tools of the deployment checks: the Bicep CLI (NuGet, restored with this project), kubectl (kustomize), shellcheck
/// (Debian), Node with npm packages in <c>.tools/</c> (Kubernetes schemas, a Dockerfile validator). scripts/check-deploy.sh
/// installs the ones that are not restored by the build.
/// </summary>
internal static class DeployTools
{
    private const string Install = "run `bash scripts/check-deploy.sh --install` (scripts/test.sh does)";

    /// <summary>npm packages live here; KARDIAFLOW_TOOLS_DIR overrides it, as scripts/test.sh may.</summary>
    public static string ToolsDirectory { get; } =
        Environment.GetEnvironmentVariable("KARDIAFLOW_TOOLS_DIR") is { Length: > 0 } dir ? dir : Repository.Path(".tools");

    public static string Bicep => Tool.Existing(Repository.Metadata("BicepPath"), "restore tests/Deploy.Tests (NuGet Azure.Bicep.CommandLine.linux-x64)");

    public static string Kubectl => Tool.OnPath("kubectl", "install kubectl (it renders the overlays with `kubectl kustomize`)");

    public static string ShellCheck => Tool.OnPath("shellcheck", Install);

    public static string Bash => Tool.OnPath("bash", "bash is required");

    public static string Node => Tool.OnPath("node", "install Node.js");

    public static string DockerfileUtils =>
        Tool.Existing(System.IO.Path.Combine(ToolsDirectory, "node_modules", "dockerfile-utils", "bin", "dockerfile-utils"), Install);

    public static string KubernetesModels =>
        Tool.Existing(System.IO.Path.Combine(ToolsDirectory, "node_modules", "kubernetes-models", "package.json"), Install);
}
