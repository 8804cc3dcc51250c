using System.Text;

namespace Kardiaflow.Pipeline;

/// <summary>
/// The bucket of a key among a fixed number: FNV-1a over UTF-8, stable across processes and .NET versions (unlike
/// <see cref="string.GetHashCode()"/>), so grain state filed under a bucket is found again after a restart.
/// </summary>
public static class StableHash
{
    public static int Bucket(string key, int buckets)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % (uint)buckets);
    }
}
