using System.Buffers;
using global::Parquet.Data;

namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// A top-level text column whose strings are made when their row is built, from the chunk Parquet.Net decoded. Made up
/// front, a row group's strings would all survive the collections that run while it is consumed; made per row, they
/// die young with the rows the caller already dropped. Owns (and disposes) the decoded chunk.
/// </summary>
internal sealed class LazyTextColumn : ColumnSource
{
    private static readonly Func<ReadOnlySpan<char>, string> FromChars = static s => new string(s);
    private readonly DictionaryTextCache _cache = new();
    private RawColumnData<ReadOnlyMemory<char>>? _raw;
    private int[]? _positions;

    /// <param name="raw">The decoded chunk: non-null values packed at the front.</param>
    /// <param name="positions">Per row, the index of its value in the packed values, or -1 for null; null when no row is null.</param>
    public LazyTextColumn(RawColumnData<ReadOnlyMemory<char>> raw, int[]? positions)
    {
        _raw = raw;
        _positions = positions;
    }

    public override object? Get(int row)
    {
        var index = _positions is null ? row : _positions[row];
        return index < 0 ? null : _cache.Get(_raw!.Values[index], FromChars);
    }

    public override bool TryGetText(int row, out ReadOnlySpan<char> text, out bool isNull)
    {
        var index = _positions is null ? row : _positions[row];
        isNull = index < 0;
        text = isNull ? default : _raw!.Values[index].Span;
        return true;
    }

    public override void Dispose()
    {
        _raw?.Dispose();
        _raw = null;
        if (_positions is not null)
        {
            ArrayPool<int>.Shared.Return(_positions);
            _positions = null;
        }
    }
}
