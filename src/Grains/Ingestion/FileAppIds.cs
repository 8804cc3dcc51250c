using System.Security.Cryptography;
using System.Text;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>
/// The Delta <c>txn</c> application id of an input file: a hash of its relative path and content hash, so the same file
/// (same path, same bytes) maps to the same id in every submission and a different file never does.
/// </summary>
public static class FileAppIds
{
    public const string Prefix = "kardiaflow-file-";

    public static string For(string relativePath, string contentHash)
    {
        var identity = Encoding.UTF8.GetBytes($"{relativePath}\0{contentHash}");
        return Prefix + Convert.ToHexStringLower(SHA256.HashData(identity));
    }

    /// <summary>The <c>txn</c> version a job commits with: its dataset timestamp in Unix milliseconds, which tells a
    /// resumed job its own earlier commit from another submission's.</summary>
    public static long TxnVersion(DateTime ingestTimestamp) => new DateTimeOffset(ingestTimestamp, TimeSpan.Zero).ToUnixTimeMilliseconds();
}
