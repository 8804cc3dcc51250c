namespace Kardiaflow.Pipeline.Synthetic;

/// <summary>
/// Ids derived from (seed, kind, index) so that a record can reference another one without the generator remembering
/// it: a claim names patient 42's id by recomputing it. SplitMix64 is enough: we need spread, not secrecy.
/// </summary>
internal static class DeterministicIds
{
    public const int Patient = 1;
    public const int Encounter = 2;
    public const int Claim = 3;
    public const int Provider = 4;
    public const int Feedback = 5;
    public const int Orphan = 6;

    public static string For(int seed, int kind, long index)
    {
        var a = Mix((ulong)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)kind << 56) ^ (ulong)index);
        var b = Mix(a ^ 0xD1B54A32D192ED03UL);
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, a);
        BitConverter.TryWriteBytes(bytes[8..], b);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 layout, like the sample's ids
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    /// <summary>A well-spread 64-bit value for picking attributes deterministically by index.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
