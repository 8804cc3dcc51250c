namespace Kardiaflow.Pipeline.Checks;

/// <summary>
/// Counts the key values that occur more than once in a column without holding the values. The first pass keeps a
/// 64-bit hash per distinct value (16 bytes of dictionary instead of a string of 40 or more: at 1M patients the
/// encounter key sets were 5M strings each, two checks at a time); only when some hash repeats does a second pass count
/// exactly the values whose hash repeated, so a hash collision never reports a false duplicate.
/// </summary>
public sealed class DuplicateKeys
{
    private readonly HashSet<ulong> _repeated = [];
    private HashSet<ulong>? _seen = [];

    /// <summary>The first pass: one key of a row (null for a row without one).</summary>
    public void Add(string? key)
    {
        if (key is not null && !(_seen ?? throw new InvalidOperationException("Keys were already counted.")).Add(Hash(key)))
        {
            _repeated.Add(Hash(key));
        }
    }

    /// <summary>
    /// The number of values that occurred more than once; <paramref name="readKeys"/> (the same keys again) is called
    /// only when some hash repeated.
    /// </summary>
    public async Task<long> CountAsync(Func<IAsyncEnumerable<string?>> readKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readKeys);
        _seen = null;
        if (_repeated.Count == 0)
        {
            return 0;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var key in readKeys().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (key is not null && _repeated.Contains(Hash(key)))
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts.Count(c => c.Value > 1);
    }

    /// <summary>Both passes over <paramref name="readKeys"/> (called once, or twice when a hash repeats).</summary>
    public static async Task<long> ScanAsync(Func<IAsyncEnumerable<string?>> readKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readKeys);
        var keys = new DuplicateKeys();
        await foreach (var key in readKeys().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(key);
        }

        return await keys.CountAsync(readKeys, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>FNV-1a, 64 bits, over the UTF-16 code units: a dictionary key, never persisted.</summary>
    private static ulong Hash(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return hash;
    }
}
