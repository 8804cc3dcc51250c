namespace Kardiaflow.Deploy.Tests.Support;

/// <summary>
/// Runs the build stage of one of our Dockerfiles without Docker (none runs here): a copy of the build context (the
/// repository's files less .dockerignore), then the stage's WORKDIR, COPY and RUN instructions in order, with the image's
/// absolute paths (/src, /app) mapped under a temporary folder. Only `dotnet` commands may be RUN. So the restore and
/// publish run with the Dockerfile's own arguments, on exactly the files its COPY lines bring in.
/// </summary>
internal static class DockerBuildStage
{
    /// <summary>
    /// Runs stage 0 of the Dockerfile in <paramref name="image"/> (the folder the image's absolute paths are mapped under),
    /// from the build context in <paramref name="context"/> (see <see cref="CopyBuildContextAsync"/>). With
    /// <paramref name="untilRestore"/>, stops after the first `dotnet restore`: what the COPY lines before it bring in
    /// must be enough to restore.
    /// </summary>
    public static async Task RunAsync(Dockerfile dockerfile, string context, string image, bool untilRestore = false)
    {
        var workdir = image;
        foreach (var instruction in dockerfile.InStage(0))
        {
            switch (instruction.Keyword)
            {
                case "FROM":
                case "ARG":
                case "ENV":
                    break;
                case "WORKDIR":
                    workdir = InImage(image, workdir, instruction.Arguments);
                    Directory.CreateDirectory(workdir);
                    break;
                case "COPY":
                    Copy(context, image, workdir, instruction);
                    break;
                case "RUN":
                    var words = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    Assert.True(words[0] == "dotnet", $"{dockerfile.Path}:{instruction.Line}: only `dotnet` commands can be run here: {instruction.Arguments}");
                    var arguments = words.Skip(1).Select(w => w.StartsWith('/') ? image + w : w).ToList();
                    (await Tool.RunAsync("dotnet", arguments, workdir, timeout: TimeSpan.FromMinutes(10))).Succeeded();
                    if (untilRestore && words[1] == "restore")
                    {
                        return;
                    }

                    break;
                default:
                    Assert.Fail($"{dockerfile.Path}:{instruction.Line}: {instruction.Keyword} in the build stage is not emulated");
                    break;
            }
        }
    }

    private static string InImage(string image, string workdir, string path) =>
        path.StartsWith('/') ? image + path : Path.GetFullPath(Path.Combine(workdir, path));

    private static void Copy(string context, string image, string workdir, DockerInstruction instruction)
    {
        var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.False(parts[0].StartsWith("--", StringComparison.Ordinal), $"line {instruction.Line}: COPY flags are not emulated in the build stage");
        var destination = InImage(image, workdir, parts[^1]);
        foreach (var source in parts[..^1])
        {
            var from = Path.Combine(context, source);
            if (Directory.Exists(from))
            {
                CopyDirectory(from, destination);
            }
            else
            {
                Assert.True(File.Exists(from), $"line {instruction.Line}: COPY {source}: not in the build context (missing, or excluded by .dockerignore)");
                var target = parts[^1].EndsWith('/') || parts.Length > 2 ? Path.Combine(destination, Path.GetFileName(source)) : destination;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(from, target, overwrite: true);
            }
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>The files a fresh clone has (tracked, or new and not ignored), less what .dockerignore excludes.</summary>
    public static async Task CopyBuildContextAsync(string context)
    {
        var listed = (await Tool.RunAsync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"])).Succeeded();
        var ignore = DockerIgnore.Load(Repository.Path(".dockerignore"));
        foreach (var file in listed.StdOut.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ignore.Excludes(file) || !File.Exists(Repository.Path(file)))
            {
                continue;
            }

            var target = Path.Combine(context, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Repository.Path(file), target);
        }
    }
}
