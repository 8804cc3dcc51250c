namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// One decoded row group: a source per requested column (null when the file lacks the column), from which rows are
/// built in order. Disposing returns the pooled column buffers.
/// </summary>
internal sealed class RowGroupColumns(ColumnSource?[] columns, int rowCount) : IDisposable
{
    public int RowCount { get; } = rowCount;

    public int ColumnCount => columns.Length;

    /// <summary>
    /// Writes the values of <paramref name="row"/> into <paramref name="target"/> at <paramref name="ordinals"/>
    /// (one per requested column). Rows must be filled in increasing order, each once (nested columns stream).
    /// </summary>
    public void Fill(int row, object?[] target, int[] ordinals)
    {
        for (var c = 0; c < columns.Length; c++)
        {
            target[ordinals[c]] = columns[c]?.Get(row);
        }
    }

    /// <summary>
    /// Whether requested column <paramref name="column"/> holds, in any row, a text in <paramref name="texts"/>: strings
    /// are made only for columns that cannot hand out their characters.
    /// </summary>
    public bool AnyTextIn(int column, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> texts)
    {
        var source = columns[column];
        if (source is null)
        {
            return false;
        }

        for (var r = 0; r < RowCount; r++)
        {
            if (source.TryGetText(r, out var text, out var isNull))
            {
                if (!isNull && texts.Contains(text))
                {
                    return true;
                }
            }
            else if (source.Get(r) is string value && texts.Set.Contains(value))
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        foreach (var column in columns)
        {
            column?.Dispose();
        }
    }
}
