using System.Text.RegularExpressions;

namespace Kardiaflow.Deploy.Tests.Support;

/// <summary>
/// The subset of .dockerignore our file uses: one pattern a line, `**` for any number of folders, `*` within a name, a
/// trailing `/` for a folder and everything under it, `#` comments. A pattern using anything else (`!`, `?`, `[...]`)
/// fails the read rather than being misread.
/// </summary>
internal sealed class DockerIgnore(IReadOnlyList<Regex> patterns)
{
    public static DockerIgnore Load(string path)
    {
        var patterns = new List<Regex>();
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            Assert.True(line.IndexOfAny(['!', '?', '[']) < 0, $"{path}: pattern '{line}' uses syntax the test's reader does not implement");
            var body = Regex.Escape(line.TrimStart('/').TrimEnd('/'))
                .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
                .Replace(@"\*", "[^/]*", StringComparison.Ordinal);
            patterns.Add(new Regex($"^{body}(/.*)?$", RegexOptions.CultureInvariant));
        }

        return new DockerIgnore(patterns);
    }

    public bool Excludes(string relativePath) => patterns.Any(p => p.IsMatch(relativePath));
}
