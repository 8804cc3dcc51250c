namespace Kardiaflow.Deploy.Tests.Support;

/// <summary>
/// A kustomize env file (KEY=VALUE lines, # comments), as configMapGenerator reads it. Keys are environment variable
/// names of .NET configuration: <c>Kardiaflow__Cluster__ClusterId</c> is the setting <c>Kardiaflow:Cluster:ClusterId</c>.
/// </summary>
internal static class EnvFile
{
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"{path}: '{line}' is not KEY=VALUE");
            Assert.True(values.TryAdd(line[..equals], line[(equals + 1)..]), $"{path}: {line[..equals]} is set twice");
        }

        return values;
    }

    /// <summary>The configuration key an environment variable name stands for.</summary>
    public static string SettingName(string variable) => variable.Replace("__", ":", StringComparison.Ordinal);
}
