namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// The values of one requested column in a decoded row group, handed out row by row as the boxed Delta CLR values
/// rows carry. Top-level primitive columns are dense typed arrays (<see cref="DenseColumn{T}"/>) so a value is boxed
/// only when its row is built and dies young; nested columns assemble values in order (<see cref="NestedColumn"/>).
/// </summary>
internal abstract class ColumnSource : IDisposable
{
    /// <summary>
    /// The value of <paramref name="row"/>. Nested sources read front to back, so rows must be asked in increasing
    /// order, each once.
    /// </summary>
    public abstract object? Get(int row);

    /// <summary>
    /// The text of <paramref name="row"/> without making a string, for sources that hold decoded characters; false
    /// when this source cannot (then <see cref="Get"/> answers). A null value is <paramref name="isNull"/>.
    /// </summary>
    public virtual bool TryGetText(int row, out ReadOnlySpan<char> text, out bool isNull)
    {
        text = default;
        isNull = false;
        return false;
    }

    public virtual void Dispose()
    {
    }
}
