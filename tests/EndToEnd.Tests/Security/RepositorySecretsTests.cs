namespace Kardiaflow.EndToEnd.Tests.Security;

/// <summary>No secret or keyed connection string in the repository: every file git tracks is scanned.</summary>
public sealed class RepositorySecretsTests
{
    [Fact]
    public void No_tracked_file_holds_a_secret_or_a_keyed_connection_string()
    {
        var (findings, scanned) = SecretScanner.ScanRepository(TestData.RepositoryRoot);
        Assert.True(scanned > 200, $"only {scanned} tracked text files: is {TestData.RepositoryRoot} the repository?");
        Assert.True(findings.Count == 0, $"{findings.Count} secrets in tracked files:\n{string.Join("\n", findings)}");
    }

    [Fact]
    public void The_allowed_Azurite_key_is_only_used_for_loopback_tests()
    {
        var (file, key) = (SecretScanner.AllowList.Single().Value, SecretScanner.AllowList.Single().Key);
        Assert.Equal("tests/Shared/AzuriteProcess.cs", file);
        var text = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, file));
        Assert.Contains("AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
        // Anywhere else the same key is a finding.
        Assert.Contains(SecretScanner.Scan("docs/deploy.md", $"ConnectionStrings__Storage=\"AccountKey={key}\""), f => f.Rule.StartsWith("storage account key", StringComparison.Ordinal));
    }

    [Fact]
    public void The_scanner_finds_each_kind_of_planted_secret()
    {
        // Built at run time so that this file itself holds none of them.
        var key88 = string.Concat(Enumerable.Repeat("Zm9vYmFy", 11))[..86] + "==";
        var planted = new Dictionary<string, string>
        {
            ["storage account key (64 bytes, base64)"] = $"var k = \"{key88}\";",
            ["AccountKey= with a key"] = "DefaultEndpointsProtocol=https;AccountName=prod;Account" + "Key=" + key88[..44] + ";",
            ["SharedAccessKey= with a key"] = "Endpoint=sb://prod.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccess" + "Key=" + key88[..43] + "=",
            ["SAS signature sig="] = "https://prod.blob.core.windows.net/lake?sv=2024-08-04&ss=b&srt=co&sp=rl&s" + "ig=" + "abcDEF0123456789%2Babc%3D",
            ["private key"] = "-----BEGIN " + "RSA PRIVATE KEY-----",
            ["Entra ID client secret"] = "secret: abc" + "8Q~" + "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7",
            ["ClientSecret with a value"] = "\"Client" + "Secret\": \"" + key88[..32] + "\"",
            ["password in a connection string"] = "Server=db;User Id=sa;Pass" + "word=Hunter2Hunter2;",
            ["AWS access key id"] = "AK" + "IAIOSFODNN7EXAMPLE",
            ["GitHub token"] = "gh" + "p_" + new string('a', 36),
            ["Slack token"] = "xo" + "xb-1234567890-abcdef",
        };
        foreach (var (rule, line) in planted)
        {
            Assert.Contains(SecretScanner.Scan("planted.txt", line), f => f.Rule == rule);
        }

        // Placeholders and the loopback Event Hubs endpoint's fake key are not secrets.
        foreach (var harmless in new[]
        {
            "expected 'DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...'",
            "AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:10000",
            "Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true",
            "oidc.ClientSecret = ad.ClientSecret;",
        })
        {
            Assert.Empty(SecretScanner.Scan("harmless.cs", harmless));
        }
    }
}
