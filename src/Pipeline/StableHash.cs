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
        // Called per row: the UTF-8 bytes go to the stack (ids are short), not to a new array.
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var bytes = length <= 512 ? stackalloc byte[length] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var hash = 2166136261u;
            foreach (var b in bytes[..Encoding.UTF8.GetBytes(key, bytes)])
            {
                hash = unchecked((hash ^ b) * 16777619u);
            }

            return (int)(hash % (uint)buckets);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
