namespace Kardiaflow.Pipeline.Checks;

/// <summary>
/// Counts the key values that occur more than once in a column stream without holding the values. The first pass keeps
/// a 64-bit hash per distinct value (16 bytes of dictionary instead of a string of 40 or more: at 1M patients the
/// encounter key sets were 5M strings each, two checks at a time); only when some hash repeats does a second pass count
/// exactly the values whose hash repeated, so a hash collision never reports a false duplicate.
/// </summary>
public static class DuplicateKeys
{
    /// <param name="readKeys">Reads the key of every row (null for a row without one); called once or twice.</param>
    public static async Task<long> CountAsync(Func<IAsyncEnumerable<string?>> readKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readKeys);
        var hashes = new Dictionary<ulong, bool>();
        var repeated = new HashSet<ulong>();
        await foreach (var key in readKeys().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (key is not null && !hashes.TryAdd(Hash(key), true))
            {
                repeated.Add(Hash(key));
            }
        }

        if (repeated.Count == 0)
        {
            return 0;
        }

        hashes = null;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var key in readKeys().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (key is not null && repeated.Contains(Hash(key)))
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts.Count(c => c.Value > 1);
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
