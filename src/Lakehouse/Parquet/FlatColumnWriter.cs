using System.Buffers;
using Kardiaflow.Lakehouse.Schema;
using global::Parquet;
using PqDataField = Parquet.Schema.DataField;

namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// The hot path of every append: pulls one top-level primitive column out of the rows into a pooled typed buffer
/// (present values packed, plus definition levels when the column is nullable), collects the column's statistics in
/// the same pass, and hands the buffers to Parquet.Net's column API.
/// </summary>
internal static class FlatColumnWriter
{
    public static bool Supports(DeltaType type) => type is PrimitiveType or DecimalType;

    public static Task WriteAsync(
        ParquetRowGroupWriter writer, PqDataField field, StructField column, IReadOnlyList<object?[]> rows, int ordinal,
        int start, int count, ColumnStats stats, CancellationToken cancellationToken)
    {
        var slice = new Slice(rows, ordinal, start, count, column);
        if (column.Type is DecimalType)
        {
            stats.HasMinMax = true;
            return WriteStructAsync<decimal>(writer, field, slice, ValueConverters.ToDecimal, stats, cancellationToken);
        }

        var type = (PrimitiveType)column.Type;
        stats.HasMinMax = type != PrimitiveType.Binary && type != PrimitiveType.Boolean;
        return type.Name switch
        {
            "string" => WriteStringAsync(writer, field, slice, stats, cancellationToken),
            "long" => WriteStructAsync<long>(writer, field, slice, ValueConverters.ToLong, stats, cancellationToken),
            "integer" => WriteStructAsync<int>(writer, field, slice, ValueConverters.ToInt, stats, cancellationToken),
            "short" => WriteStructAsync<short>(writer, field, slice, ValueConverters.ToShort, stats, cancellationToken),
            "byte" => WriteStructAsync<sbyte>(writer, field, slice, ValueConverters.ToSByte, stats, cancellationToken),
            "float" => WriteStructAsync<float>(writer, field, slice, ValueConverters.ToFloat, stats, cancellationToken),
            "double" => WriteStructAsync<double>(writer, field, slice, ValueConverters.ToDouble, stats, cancellationToken),
            "boolean" => WriteStructAsync<bool>(writer, field, slice, ValueConverters.ToBool, stats, cancellationToken),
            "date" => WriteStructAsync<DateOnly>(writer, field, slice, ValueConverters.ToDate, stats, cancellationToken),
            "timestamp" => WriteStructAsync<DateTime>(writer, field, slice, ValueConverters.ToTimestamp, stats, cancellationToken),
            "binary" => WriteStructAsync<ReadOnlyMemory<byte>>(writer, field, slice, ValueConverters.ToBinary, stats, cancellationToken),
            _ => throw new UnsupportedTypeException($"Column '{column.Name}' has type '{type.Name}', which the Parquet writer does not support."),
        };
    }

    private static async Task WriteStructAsync<T>(
        ParquetRowGroupWriter writer, PqDataField field, Slice slice, Func<object, string, T> convert, ColumnStats stats,
        CancellationToken cancellationToken)
        where T : struct
    {
        var values = ArrayPool<T>.Shared.Rent(Math.Max(1, slice.Count));
        var levels = slice.Column.Nullable ? ArrayPool<int>.Shared.Rent(Math.Max(1, slice.Count)) : null;
        try
        {
            var present = Extract(slice, convert, values, levels, stats);
            if (levels is null)
            {
                // Without levels Parquet.Net cannot infer the row count from WriteAllPartsAsync.
                await writer.WriteAsync<T>(field, values.AsMemory(0, present), null, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await writer.WriteAllPartsAsync<T>(field, values.AsMemory(0, present), levels.AsMemory(0, slice.Count), null, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(values, clearArray: RuntimeHelpersIsReference<T>());
            if (levels is not null)
            {
                ArrayPool<int>.Shared.Return(levels);
            }
        }
    }

    // Kept separate from the async method so the loop runs without a state machine around it.
    private static int Extract<T>(Slice slice, Func<object, string, T> convert, T[] values, int[]? levels, ColumnStats stats)
        where T : struct
    {
        var rows = slice.Rows;
        var ordinal = slice.Ordinal;
        var name = slice.Column.Name;
        var trackBounds = stats.HasMinMax;
        var comparer = Comparer<T>.Default;
        T min = default, max = default;
        var seen = false;
        var present = 0;
        long nulls = 0;
        for (var i = 0; i < slice.Count; i++)
        {
            var raw = rows[slice.Start + i][ordinal];
            if (raw is null)
            {
                if (levels is null)
                {
                    throw NullInRequiredColumn(name, slice.Start + i);
                }

                levels[i] = 0;
                nulls++;
                continue;
            }

            var v = convert(raw, name);
            values[present++] = v;
            if (levels is not null)
            {
                levels[i] = 1;
            }

            if (trackBounds && !IsNaN(v))
            {
                if (!seen)
                {
                    min = v;
                    max = v;
                    seen = true;
                }
                else if (comparer.Compare(v, min) < 0)
                {
                    min = v;
                }
                else if (comparer.Compare(v, max) > 0)
                {
                    max = v;
                }
            }
        }

        stats.NullCount += nulls;
        if (seen)
        {
            stats.Merge(new ColumnStats(stats.Name) { HasMinMax = true, Min = min, Max = max });
        }

        return present;
    }

    private static async Task WriteStringAsync(
        ParquetRowGroupWriter writer, PqDataField field, Slice slice, ColumnStats stats, CancellationToken cancellationToken)
    {
        var values = ArrayPool<ReadOnlyMemory<char>>.Shared.Rent(Math.Max(1, slice.Count));
        var levels = slice.Column.Nullable ? ArrayPool<int>.Shared.Rent(Math.Max(1, slice.Count)) : null;
        try
        {
            var present = ExtractStrings(slice, values, levels, stats);
            if (levels is null)
            {
                // Without levels Parquet.Net cannot infer the row count from WriteAllPartsAsync.
                await writer.WriteAsync<ReadOnlyMemory<char>>(field, values.AsMemory(0, present), null, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await writer.WriteAllPartsAsync<ReadOnlyMemory<char>>(field, values.AsMemory(0, present), levels.AsMemory(0, slice.Count), null, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<ReadOnlyMemory<char>>.Shared.Return(values, clearArray: true);
            if (levels is not null)
            {
                ArrayPool<int>.Shared.Return(levels);
            }
        }
    }

    private static int ExtractStrings(Slice slice, ReadOnlyMemory<char>[] values, int[]? levels, ColumnStats stats)
    {
        var rows = slice.Rows;
        string? min = null, max = null;
        var present = 0;
        long nulls = 0;
        for (var i = 0; i < slice.Count; i++)
        {
            var raw = rows[slice.Start + i][slice.Ordinal];
            if (raw is null)
            {
                if (levels is null)
                {
                    throw NullInRequiredColumn(slice.Column.Name, slice.Start + i);
                }

                levels[i] = 0;
                nulls++;
                continue;
            }

            var s = raw as string ?? throw ValueConverters.WrongType(raw, slice.Column.Name, "string");
            values[present++] = s.AsMemory();
            if (levels is not null)
            {
                levels[i] = 1;
            }

            if (min is null)
            {
                min = s;
                max = s;
            }
            else if (string.CompareOrdinal(s, min) < 0)
            {
                min = s;
            }
            else if (string.CompareOrdinal(s, max) > 0)
            {
                max = s;
            }
        }

        stats.NullCount += nulls;
        if (min is not null)
        {
            stats.Merge(new ColumnStats(stats.Name) { HasMinMax = true, Min = min, Max = max });
        }

        return present;
    }

    private static bool IsNaN<T>(T value) =>
        (typeof(T) == typeof(double) && double.IsNaN((double)(object)value!)) ||
        (typeof(T) == typeof(float) && float.IsNaN((float)(object)value!));

    private static bool RuntimeHelpersIsReference<T>() => System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>();

    private static ArgumentException NullInRequiredColumn(string column, int row) =>
        new($"Row {row} has null in column '{column}', which the table schema declares NOT NULL. Supply a value, or make the column nullable.");

    private readonly record struct Slice(IReadOnlyList<object?[]> Rows, int Ordinal, int Start, int Count, StructField Column);
}
