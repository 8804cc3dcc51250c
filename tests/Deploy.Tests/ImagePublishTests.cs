using System.Xml.Linq;
using Kardiaflow.Deploy.Tests.Support;

namespace Kardiaflow.Deploy.Tests;

/// <summary>
/// Each Dockerfile's build stage run without Docker (Support/DockerBuildStage): its own COPY lines on a copy of the build
/// context, then its `dotnet restore` and `dotnet publish` with the same arguments. The runtime stage then finds what its
/// ENTRYPOINT names, and nothing native that the Alpine (musl) runtime image could not load.
/// </summary>
public sealed class ImagePublishTests
{
    [Fact]
    public async Task Both_build_stages_restore_and_publish_what_their_entrypoints_run()
    {
        var scratch = Directory.CreateTempSubdirectory("kardiaflow-image-");
        try
        {
            var context = Path.Combine(scratch.FullName, "context");
            await DockerBuildStage.CopyBuildContextAsync(context);

            // The silo image's build stage, whole and alone.
            var silo = Dockerfile.Load("src", "Silo", "Dockerfile");
            var siloImage = Path.Combine(scratch.FullName, "silo-image");
            await DockerBuildStage.RunAsync(silo, context, siloImage);
            AssertRunnable(silo, context, siloImage, "Kardiaflow.Silo.dll");
            Assert.True(File.Exists(Path.Combine(siloImage, "app", "appsettings.json")));

            // The console's: its restore alone (its COPY lines must suffice), then the whole stage in the silo's folder,
            // where the projects both images share are already compiled (half a minute less on two cores).
            var console = Dockerfile.Load("src", "Client", "Dockerfile");
            await DockerBuildStage.RunAsync(console, context, Path.Combine(scratch.FullName, "console-restore"), untilRestore: true);
            Directory.Delete(Path.Combine(siloImage, "app"), recursive: true);
            await DockerBuildStage.RunAsync(console, context, siloImage);
            AssertRunnable(console, context, siloImage, "kardiaflow.dll");
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_publish_arguments_are_release_without_an_apphost_and_without_a_second_restore()
    {
        foreach (var project in new[] { "Silo", "Client" })
        {
            var publish = Dockerfile.Load("src", project, "Dockerfile").All("RUN").Single(r => r.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal)).Arguments;
            Assert.Equal($"dotnet publish src/{project}/{project}.csproj --no-restore --configuration Release --output /app -p:UseAppHost=false", publish);
        }

        // The project the console image publishes is the `kardiaflow` assembly.
        var client = XDocument.Load(Repository.Path("src", "Client", "Client.csproj"));
        Assert.Equal("kardiaflow", client.Descendants("AssemblyName").Single().Value);
    }

    private static void AssertRunnable(Dockerfile dockerfile, string context, string image, string entryAssembly)
    {
        // What the runtime stage copies from the build context is in it (not excluded by .dockerignore).
        foreach (var copyFromContext in dockerfile.InStage(dockerfile.FinalStage).Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--", StringComparison.Ordinal)))
        {
            var source = copyFromContext.Arguments.Split(' ')[0];
            Assert.True(Directory.Exists(Path.Combine(context, source)) || File.Exists(Path.Combine(context, source)), $"line {copyFromContext.Line}: {source} is not in the build context");
        }

        // COPY --from=build <dir> ./ brings the publish output into the runtime image.
        var copy = dockerfile.InStage(dockerfile.FinalStage).Single(i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build ", StringComparison.Ordinal)).Arguments.Split(' ');
        var published = image + copy[1];
        Assert.Contains($"\"{entryAssembly}\"", Assert.Single(dockerfile.All("ENTRYPOINT")).Arguments, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(published, entryAssembly)), $"{entryAssembly} is not in the publish output {published}");
        Assert.True(File.Exists(Path.Combine(published, Path.ChangeExtension(entryAssembly, ".runtimeconfig.json"))));
        // -p:UseAppHost=false: the image runs `dotnet <dll>`, no native launcher.
        Assert.False(File.Exists(Path.Combine(published, Path.GetFileNameWithoutExtension(entryAssembly))));

        // Native libraries for linux must have a musl build, or the Alpine runtime image cannot load them.
        var runtimes = Path.Combine(published, "runtimes");
        var linux = Directory.Exists(runtimes)
            ? Directory.EnumerateDirectories(runtimes).Select(d => Path.GetFileName(d)).Where(r => r.StartsWith("linux", StringComparison.Ordinal)).ToList()
            : [];
        Assert.True(linux.Count == 0 || linux.Contains("linux-musl-x64"), $"native assets for {string.Join(", ", linux)} without linux-musl-x64");
    }
}
