namespace Kardiaflow.Tests.Shared;

/// <summary>The sample data of the repository and scratch folders for a test.</summary>
internal static class TestData
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SamplesFolder => Path.Combine(RepositoryRoot, "samples", "kardiaflow");

    public static string NewFolder(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "kf-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Copies the sample submission (one subfolder per dataset) into a new folder.</summary>
    public static string CopySamples()
    {
        var target = NewFolder("input");
        foreach (var file in Directory.EnumerateFiles(SamplesFolder, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(SamplesFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Kardiaflow.sln")))
            {
                return directory.FullName;
            }
        }

        var built = typeof(TestData).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        return built is not null && File.Exists(Path.Combine(built, "Kardiaflow.sln"))
            ? built
            : throw new InvalidOperationException("The repository root (Kardiaflow.sln) is neither above the test's folder nor where it was built.");
    }
}
