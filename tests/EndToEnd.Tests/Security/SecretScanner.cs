using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Kardiaflow.EndToEnd.Tests.Security;

/// <summary>
/// Finds secrets and keyed connection strings in text: Azure Storage account keys, Event Hubs / Service Bus shared access
/// keys, SAS signatures, private keys, client secrets and a few well-known token shapes. Placeholders (<c>AccountKey=...</c>,
/// <c>{AccountKey}</c>, <c>&lt;key&gt;</c>) and short fake values of loopback stand-ins (<c>SharedAccessKey=local</c>) are
/// not keys: a key value is at least 20 base64 characters.
/// </summary>
internal static partial class SecretScanner
{
    /// <summary>
    /// The one secret allowed in the repository: Azurite's published development account key (the same in every Azurite
    /// install, documented by Microsoft), only in the file that builds the loopback connection string for the tests.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AllowList { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [AzuriteProcess.AccountKey] = "tests/Shared/AzuriteProcess.cs",
    };

    private static readonly (string Rule, Regex Pattern)[] Rules =
    [
        ("storage account key (64 bytes, base64)", AccountKeyShape()),
        ("AccountKey= with a key", KeyedSetting("AccountKey")),
        ("SharedAccessKey= with a key", KeyedSetting("SharedAccessKey")),
        ("SAS signature sig=", SasSignature()),
        ("private key", PrivateKey()),
        ("Entra ID client secret", EntraSecret()),
        ("ClientSecret with a value", ClientSecretSetting()),
        ("password in a connection string", PasswordSetting()),
        ("AWS access key id", AwsKey()),
        ("GitHub token", GitHubToken()),
        ("Slack token", SlackToken()),
    ];

    public sealed record Finding(string File, int Line, string Rule, string Match)
    {
        public override string ToString() => $"{File}:{Line}: {Rule}: {Match[..Math.Min(Match.Length, 40)]}...";
    }

    /// <summary>The files git tracks in the repository (what a clone holds), relative to its root.</summary>
    public static IReadOnlyList<string> TrackedFiles(string repositoryRoot)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repositoryRoot };
        foreach (var argument in new[] { "ls-files", "-z", "--cached" })
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git ls-files failed: {error}");
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Every finding in the tracked text files (a file with a NUL byte in its first 8 KiB is binary and skipped).</summary>
    public static (IReadOnlyList<Finding> Findings, int FilesScanned) ScanRepository(string repositoryRoot)
    {
        var findings = new List<Finding>();
        var scanned = 0;
        foreach (var file in TrackedFiles(repositoryRoot))
        {
            var path = Path.Combine(repositoryRoot, file);
            if (!File.Exists(path) || IsBinary(path))
            {
                continue;
            }

            scanned++;
            findings.AddRange(Scan(file, File.ReadAllText(path)));
        }

        return (findings, scanned);
    }

    /// <summary>The findings in one text, less the allow-listed key in its one allowed file.</summary>
    public static IEnumerable<Finding> Scan(string file, string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var (rule, pattern) in Rules)
            {
                foreach (Match match in pattern.Matches(lines[i]))
                {
                    if (!IsAllowed(file, lines[i], match.Value))
                    {
                        yield return new Finding(file, i + 1, rule, match.Value);
                    }
                }
            }
        }
    }

    private static bool IsAllowed(string file, string line, string match) =>
        AllowList.Any(a => a.Value == file.Replace('\\', '/') && line.Contains(a.Key, StringComparison.Ordinal) && (a.Key.Contains(match, StringComparison.Ordinal) || match.Contains(a.Key, StringComparison.Ordinal)));

    private static bool IsBinary(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[8192];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Array.IndexOf(buffer, (byte)0, 0, read) >= 0;
    }

    private static Regex KeyedSetting(string name) =>
        new($@"(?i)\b{name}\s*=\s*[A-Za-z0-9+/]{{20,}}={{0,2}}", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==")]
    private static partial Regex AccountKeyShape();

    [GeneratedRegex(@"(?i)[?&;]sig=[A-Za-z0-9%+/]{16,}")]
    private static partial Regex SasSignature();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}")]
    private static partial Regex EntraSecret();

    [GeneratedRegex(@"(?i)\bclient_?secret""?\s*[=:]\s*""?[A-Za-z0-9_~.+/-]{16,}")]
    private static partial Regex ClientSecretSetting();

    [GeneratedRegex(@"(?i)\b(password|pwd)\s*=\s*[^;""'\s<{$]{6,}")]
    private static partial Regex PasswordSetting();

    [GeneratedRegex(@"\bAKIA[0-9A-Z]{16}\b")]
    private static partial Regex AwsKey();

    [GeneratedRegex(@"\bgh[pousr]_[A-Za-z0-9]{36}\b")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bxox[abprs]-[A-Za-z0-9-]{10,}")]
    private static partial Regex SlackToken();
}
