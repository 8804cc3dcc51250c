namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// Walks a Parquet footer's Thrift compact encoding by its wire types alone, without interpreting it, and says whether
/// it is well formed: every value, list and struct ends inside the footer, and no list claims more elements than the
/// bytes left could hold (each takes at least one). Parquet.Net 6.1 trusts a list's count (it sizes a List with it and
/// loops that many times) and reads past the footer's end without noticing, so a damaged count hung it (input fuzzer);
/// a footer that fails this walk is refused before Parquet.Net sees it. Written by hand: no library offers a bounded
/// Thrift walk (docs/adr/hostile-input-readers.md lists the input-hardening code written for issue 16).
/// </summary>
internal static class ThriftFooterCheck
{
    private const int MaxDepth = 64;

    public static bool IsWellFormed(ReadOnlySpan<byte> footer)
    {
        var position = 0;
        return Struct(footer, ref position, 0) && position <= footer.Length;
    }

    private static bool Struct(ReadOnlySpan<byte> data, ref int position, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        while (true)
        {
            if (position >= data.Length)
            {
                return false;
            }

            var header = data[position++];
            if (header == 0)
            {
                return true; // field stop
            }

            if ((header >> 4) == 0 && !Varint(data, ref position, out _))
            {
                return false; // the field id follows as a zig-zag i16
            }

            if (!Value(data, ref position, header & 0x0F, depth))
            {
                return false;
            }
        }
    }

    private static bool Value(ReadOnlySpan<byte> data, ref int position, int type, int depth)
    {
        switch (type)
        {
            case 1:
            case 2:
                return true; // booleans live in the field header
            case 3:
                return ++position <= data.Length;
            case 4:
            case 5:
            case 6:
                return Varint(data, ref position, out _);
            case 7:
                return (position += 8) <= data.Length;
            case 8:
                return Varint(data, ref position, out var length) && length <= (ulong)(data.Length - position) && (position += (int)length) <= data.Length;
            case 9:
            case 10:
                return List(data, ref position, depth);
            case 11:
                return Map(data, ref position, depth);
            case 12:
                return Struct(data, ref position, depth + 1);
            default:
                return false;
        }
    }

    private static bool List(ReadOnlySpan<byte> data, ref int position, int depth)
    {
        if (position >= data.Length)
        {
            return false;
        }

        var header = data[position++];
        ulong count = (ulong)(header >> 4);
        if (count == 15 && !Varint(data, ref position, out count))
        {
            return false;
        }

        var type = header & 0x0F;
        if (count > (ulong)(data.Length - position))
        {
            return false;
        }

        for (ulong i = 0; i < count; i++)
        {
            // In a list a boolean is one byte of its own.
            if (type is 1 or 2 ? ++position > data.Length : !Value(data, ref position, type, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Map(ReadOnlySpan<byte> data, ref int position, int depth)
    {
        if (!Varint(data, ref position, out var count))
        {
            return false;
        }

        if (count == 0)
        {
            return true;
        }

        if (position >= data.Length || count > (ulong)(data.Length - position))
        {
            return false;
        }

        var types = data[position++];
        for (ulong i = 0; i < count; i++)
        {
            if (!Value(data, ref position, types >> 4, depth + 1) || !Value(data, ref position, types & 0x0F, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Varint(ReadOnlySpan<byte> data, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= data.Length)
            {
                return false;
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
