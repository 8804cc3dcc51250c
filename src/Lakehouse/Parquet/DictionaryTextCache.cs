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
    private readonly Dictionary<Key, string> _strings = new(KeyComparer.Instance);
    private int _lookups;
    private int _hits;
    private bool _off;

    public string Get<TElement>(ReadOnlyMemory<TElement> value, Func<ReadOnlySpan<TElement>, string> decode)
    {
        if (_off || !MemoryMarshal.TryGetArray(value, out var segment))
        {
            return decode(value.Span);
        }

        var key = new Key(segment.Array!, segment.Offset, segment.Count);
        _lookups++;
        if (_strings.TryGetValue(key, out var text))
        {
            _hits++;
            return text;
        }

        text = decode(value.Span);
        if (_lookups >= Probe && _hits < _lookups / 2)
        {
            _off = true;
            _strings.Clear();
        }
        else if (_strings.Count < MaxEntries)
        {
            _strings[key] = text;
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
