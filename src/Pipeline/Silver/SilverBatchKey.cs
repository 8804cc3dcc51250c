using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// The key of one unit of a Silver feed's work (docs/adr/silver-version-slices.md): a batch of whole Bronze versions
/// ending at Bronze version v, or slice k of v alone when v is larger than a batch may be. Keys increase strictly in
/// the order the feed applies its units (anything that replays by key may rely on it): slice k of v is
/// <c>v * 2^20 + k</c>, and whatever completes v (a whole batch, or the last slice) is <c>v * 2^20 + 2^20 - 1</c>.
/// </summary>
/// <remarks>
/// The txn a unit's commits carry follows from its key. A unit that completes v carries the feed's txn
/// (appId, v), whose meaning stays "last Bronze version fully consumed". A slice before the last carries only
/// (appId + <see cref="SliceSuffix"/>, key): one txn per commit, so the engine's single txn path is enough, and the
/// feed's txn is left at v - 1 until the version is done.
/// </remarks>
public static class SilverBatchKey
{
    /// <summary>Appended to a feed's appId for the txn that records its progress inside a Bronze version.</summary>
    public const string SliceSuffix = "#slice";

    private const int SliceBits = 20;
    private const long SliceMask = (1L << SliceBits) - 1;

    /// <summary>Slices a Bronze version may be split into (the last slice index is reserved for "completes the version").</summary>
    public const int MaxSlices = (int)SliceMask;

    /// <summary>The key of a unit that completes Bronze version <paramref name="bronzeVersion"/>.</summary>
    public static long Whole(long bronzeVersion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bronzeVersion);
        return (bronzeVersion << SliceBits) | SliceMask;
    }

    /// <summary>The key of slice <paramref name="slice"/> (0-based) of <paramref name="slices"/> of a Bronze version.</summary>
    public static long Slice(long bronzeVersion, int slice, int slices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bronzeVersion);
        ArgumentOutOfRangeException.ThrowIfNegative(slice);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slice, slices);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slices, MaxSlices);
        return slice == slices - 1 ? Whole(bronzeVersion) : (bronzeVersion << SliceBits) | (uint)slice;
    }

    public static long BronzeVersion(long key) => key >> SliceBits;

    /// <summary>True when the unit of <paramref name="key"/> completes its Bronze version.</summary>
    public static bool CompletesVersion(long key) => (key & SliceMask) == SliceMask;

    /// <summary>The slice index of a key that does not complete its version.</summary>
    public static int SliceIndex(long key) => (int)(key & SliceMask);

    /// <summary>The one txn action a commit of the unit <paramref name="key"/> carries.</summary>
    public static TxnAction Txn(string appId, long key, long? lastUpdated = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        return CompletesVersion(key)
            ? new TxnAction(appId, BronzeVersion(key), lastUpdated)
            : new TxnAction(appId + SliceSuffix, key, lastUpdated);
    }

    /// <summary>
    /// Whether a table whose txns are <paramref name="transactions"/> already holds the unit <paramref name="key"/>
    /// of <paramref name="appId"/>: its Bronze version is consumed, or (a slice) that slice or a later one of the same
    /// version was committed.
    /// </summary>
    public static bool IsCommitted(IReadOnlyDictionary<string, long> transactions, string appId, long key)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        if (transactions.TryGetValue(appId, out var consumed) && consumed >= BronzeVersion(key))
        {
            return true;
        }

        return !CompletesVersion(key) && transactions.TryGetValue(appId + SliceSuffix, out var slice) && slice >= key;
    }

    /// <summary>
    /// How many slices of Bronze version <paramref name="bronzeVersion"/> a table holds (after the feed's txn says
    /// v - 1 is consumed): one past the slice its slice txn names when that names this version, otherwise none.
    /// </summary>
    public static int SlicesCommitted(IReadOnlyDictionary<string, long> transactions, string appId, long bronzeVersion)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        if (transactions.TryGetValue(appId, out var consumed) && consumed >= bronzeVersion)
        {
            return int.MaxValue;
        }

        return transactions.TryGetValue(appId + SliceSuffix, out var slice) && BronzeVersion(slice) == bronzeVersion && !CompletesVersion(slice)
            ? SliceIndex(slice) + 1
            : 0;
    }
}
