namespace Kardiaflow.Grains.Silver;

/// <summary>
/// A Bloom filter over the string values of one column of one data file: "no" is certain, "maybe" costs a read of
/// that file's column. Ten bits per value and three probes give about 1% false "maybe". Written here rather than
/// taken from a package: it is thirty lines, and no maintained .NET Bloom filter is served to this build
/// (docs/adr/silver-key-buckets.md).
/// </summary>
public sealed class ValueFilter
{
    private const int BitsPerValue = 10;
    private const int Probes = 3;
    private readonly ulong[] _bits;

    public ValueFilter(int expectedValues)
    {
        var bits = Math.Max(64, (long)expectedValues * BitsPerValue);
        _bits = new ulong[(bits + 63) / 64];
    }

    /// <summary>The same 128-bit hash the key index uses (<see cref="SilverBucketIndex.Hash"/>).</summary>
    public static UInt128 Hash(string value) => SilverBucketIndex.Hash(value);

    public void Add(UInt128 hash)
    {
        var size = (ulong)_bits.Length * 64;
        var (h1, h2) = ((ulong)(hash >> 64), (ulong)hash);
        for (ulong i = 0; i < Probes; i++)
        {
            var bit = (h1 + (i * h2)) % size;
            _bits[bit / 64] |= 1UL << (int)(bit % 64);
        }
    }

    public bool MayContain(UInt128 hash)
    {
        var size = (ulong)_bits.Length * 64;
        var (h1, h2) = ((ulong)(hash >> 64), (ulong)hash);
        for (ulong i = 0; i < Probes; i++)
        {
            var bit = (h1 + (i * h2)) % size;
            if ((_bits[bit / 64] & (1UL << (int)(bit % 64))) == 0)
            {
                return false;
            }
        }

        return true;
    }
}
