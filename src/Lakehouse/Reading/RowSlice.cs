using System.Collections;

namespace Kardiaflow.Lakehouse.Reading;

/// <summary>A window over a row list, so a large batch can be split into files without copying rows.</summary>
internal sealed class RowSlice(IReadOnlyList<object?[]> rows, int start, int count) : IReadOnlyList<object?[]>
{
    public int Count => count;

    public object?[] this[int index] => rows[start + index];

    public IEnumerator<object?[]> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return rows[start + i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
