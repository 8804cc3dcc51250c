using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// Decodes each distinct text buffer of a column chunk once. Parquet.Net hands out the values of a
/// dictionary-encoded chunk (what Spark and Databricks write for most string columns) as slices of one buffer per
/// dictionary entry, so equal buffers are recognised by identity, without hashing the text. Plain-encoded chunks
/// give every value its own buffer; after a short probe without hits the cache switches itself off.
/// </summary>
internal sealed class DictionaryTextCache
{
    private const int Probe = 1024;
    private const int MaxEntries = 1 << 16;
    private readonly Dictionary<Key, string> strings = new(KeyComparer.Instance);
    private int lookups;
    private int hits;
    private bool off;

    public string Get<TElement>(ReadOnlyMemory<TElement> value, Func<ReadOnlySpan<TElement>, string> decode)
    {
        if (off || !MemoryMarshal.TryGetArray(value, out var segment))
        {
            return decode(value.Span);
        }

        var key = new Key(segment.Array!, segment.Offset, segment.Count);
        lookups++;
        if (strings.TryGetValue(key, out var text))
        {
            hits++;
            return text;
        }

        text = decode(value.Span);
        if (lookups >= Probe && hits < lookups / 2)
        {
            off = true;
            strings.Clear();
        }
        else if (strings.Count < MaxEntries)
        {
            strings[key] = text;
        }

        return text;
    }

    private readonly record struct Key(object Buffer, int Offset, int Length);

    private sealed class KeyComparer : IEqualityComparer<Key>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(Key x, Key y) => ReferenceEquals(x.Buffer, y.Buffer) && x.Offset == y.Offset && x.Length == y.Length;

        public int GetHashCode(Key obj) => HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Buffer), obj.Offset, obj.Length);
    }
}
