using System.Text.RegularExpressions;
using Kardiaflow.Deploy.Tests.Support;

namespace Kardiaflow.Deploy.Tests;

/// <summary>
/// The Dockerfiles (docker cannot run here). hadolint is served by neither npm nor Debian bookworm, so they are validated
/// by dockerfile-utils (npm; the Dockerfile validator of the VS Code Docker extension) and checked here for the
/// hadolint rules that apply to them (DL3006/DL3007 tagged, non-latest bases; DL3002 non-root last USER; DL3025 JSON
/// ENTRYPOINT; DL3020 COPY not ADD; DL3000 absolute WORKDIR) and for what the issue asks (multi-stage, HEALTHCHECK on /alive).
/// </summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string> Dockerfiles => new("src/Silo/Dockerfile", "src/Client/Dockerfile");

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public async Task Dockerfile_utils_finds_no_problem(string path)
    {
        var result = (await Tool.RunAsync(DeployTools.Node, [DeployTools.DockerfileUtils, "lint", Repository.Path(path)])).Succeeded();
        Assert.True(result.StdOut.Trim().Length == 0, result.Describe());
    }

    [Fact]
    public async Task Dockerfile_utils_reports_a_broken_instruction()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kardiaflow-{Guid.NewGuid():N}.Dockerfile");
        await File.WriteAllTextAsync(file, "FROM alpine:3\nHEALTHCHECK CMD\n");
        try
        {
            var result = await Tool.RunAsync(DeployTools.Node, [DeployTools.DockerfileUtils, "lint", file]);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("Missing command after HEALTHCHECK CMD", result.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void The_image_is_multi_stage_from_tagged_microsoft_bases_and_runs_non_root(string path)
    {
        var dockerfile = Dockerfile.Load(path.Split('/'));
        Assert.Equal(2, dockerfile.StageCount);
        var version = Assert.Single(dockerfile.All("ARG"), a => a.Stage == -1).Arguments;
        Assert.Matches(@"^DOTNET_VERSION=\d+\.\d+$", version);
        foreach (var from in dockerfile.All("FROM"))
        {
            var image = from.Arguments.Split(' ')[0];
            Assert.Matches(@"^mcr\.microsoft\.com/dotnet/(sdk|aspnet):\$\{DOTNET_VERSION\}(-alpine)?$", image);
            Assert.DoesNotContain(":latest", image, StringComparison.Ordinal);
        }

        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk", dockerfile.InStage(0).First().Arguments, StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet", dockerfile.InStage(dockerfile.FinalStage).First().Arguments, StringComparison.Ordinal);
        Assert.Empty(dockerfile.All("ADD"));
        Assert.All(dockerfile.All("WORKDIR"), w => Assert.StartsWith("/", w.Arguments, StringComparison.Ordinal));

        // The .NET images' non-root user; deploy/k8s runs the pods as that uid (1654).
        var user = dockerfile.InStage(dockerfile.FinalStage).Last(i => i.Keyword == "USER").Arguments;
        Assert.Equal("$APP_UID", user);

        var entrypoint = Assert.Single(dockerfile.All("ENTRYPOINT")).Arguments;
        Assert.Matches(@"^\[""dotnet"", ""[\w.]+\.dll""\]$", entrypoint);
        Assert.Contains(dockerfile.InStage(dockerfile.FinalStage), i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_silo_image_checks_alive_on_the_configured_web_port()
    {
        var healthcheck = Assert.Single(Dockerfile.Load("src", "Silo", "Dockerfile").All("HEALTHCHECK")).Arguments;
        var url = HealthUrl().Match(healthcheck);
        Assert.True(url.Success, healthcheck);
        Assert.Equal("Kardiaflow__Web__Port", url.Groups["variable"].Value);
        Assert.Equal("/alive", url.Groups["path"].Value);
        // The default port is the one the ConfigMap sets and the probes use.
        var settings = (await RenderedOverlay.OfAsync("prod")).Settings.Data;
        Assert.Equal(settings["Kardiaflow__Web__Port"], url.Groups["port"].Value);
        Assert.Equal("NONE", Assert.Single(Dockerfile.Load("src", "Client", "Dockerfile").All("HEALTHCHECK")).Arguments);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\$\{(?<variable>\w+):-(?<port>\d+)\}(?<path>/\w+)")]
    private static partial Regex HealthUrl();
}
