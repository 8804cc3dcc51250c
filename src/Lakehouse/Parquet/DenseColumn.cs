using System.Buffers;
using System.Runtime.CompilerServices;

namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// A top-level column as one value per row in pooled arrays (plus a null mask when the column has nulls). Boxing
/// happens in <see cref="Get"/>, when a row is built, rather than for the whole row group up front: a million boxes
/// held for a row group survive into older GC generations, boxes of rows the caller already consumed do not.
/// </summary>
internal sealed class DenseColumn<T> : ColumnSource
{
    private T[]? _values;
    private bool[]? _nulls;

    public DenseColumn(T[] values, bool[]? nulls)
    {
        _values = values;
        _nulls = nulls;
    }

    public override object? Get(int row) => _nulls is not null && _nulls[row] ? null : _values![row];

    public override void Dispose()
    {
        if (_values is not null)
        {
            ArrayPool<T>.Shared.Return(_values, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            _values = null;
        }

        if (_nulls is not null)
        {
            ArrayPool<bool>.Shared.Return(_nulls);
            _nulls = null;
        }
    }
}
