using System.Buffers;
using System.Text;
using Kardiaflow.Lakehouse.Schema;
using global::Parquet.Data;
using PqDataField = Parquet.Schema.DataField;
using PqField = Parquet.Schema.Field;

namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// The fast path for top-level primitive columns: scatters a chunk's packed values into one slot per row with a
/// loop specialised per (Parquet CLR type, Delta type) pair, so there is no delegate call or box per value. Pairs
/// needing a widening conversion (int files under a long column, say) go through <see cref="ReadValueConverter"/>,
/// which also gives the mismatch errors.
/// </summary>
internal static class DenseColumnReader
{
    private static readonly Func<ReadOnlySpan<byte>, string> FromUtf8 = static s => Encoding.UTF8.GetString(s);

    /// <summary>Whether a file field read as <paramref name="requested"/> is a flat, top-level primitive column.</summary>
    public static bool Applies(PqField file, DeltaType requested) =>
        file is PqDataField { IsArray: false, MaxRepetitionLevel: 0 } d
        && requested is not StructType and not ArrayType and not MapType
        && d.MaxDefinitionLevel == (d.IsNullable ? 1 : 0);

    /// <summary>Builds the column from a decoded chunk, taking ownership of <paramref name="raw"/>.</summary>
    public static ColumnSource Build(RawColumnData raw, PqDataField field, DeltaType target, int rowCount, string column)
    {
        if (raw is RawColumnData<ReadOnlyMemory<char>> text && target == PrimitiveType.String)
        {
            return Text(text, field, rowCount, column);
        }

        using (raw)
        {
            return Scatter(raw, field, target, rowCount, column);
        }
    }

    private static LazyTextColumn Text(RawColumnData<ReadOnlyMemory<char>> raw, PqDataField field, int rowCount, string column)
    {
        int[]? positions = null;
        try
        {
            var packed = raw.Values.Length;
            if (field.MaxDefinitionLevel == 0)
            {
                if (packed < rowCount)
                {
                    throw Corrupt(column, $"{packed} values for {rowCount} rows");
                }

                return new LazyTextColumn(raw, null);
            }

            var levels = raw.DefinitionLevels;
            if (levels.Length != rowCount)
            {
                throw Corrupt(column, $"{levels.Length} definition levels for {rowCount} rows");
            }

            positions = ArrayPool<int>.Shared.Rent(Math.Max(1, rowCount));
            var v = 0;
            for (var i = 0; i < rowCount; i++)
            {
                positions[i] = levels[i] == field.MaxDefinitionLevel ? v++ : -1;
            }

            if (v > packed)
            {
                throw Corrupt(column, $"{packed} values where its definition levels call for {v}");
            }

            return new LazyTextColumn(raw, positions);
        }
        catch
        {
            if (positions is not null)
            {
                ArrayPool<int>.Shared.Return(positions);
            }

            raw.Dispose();
            throw;
        }
    }

    private static ColumnSource Scatter(RawColumnData raw, PqDataField field, DeltaType target, int rowCount, string column)
    {
        ReadOnlySpan<int> levels = field.MaxDefinitionLevel > 0 ? raw.DefinitionLevels : default;
        var shape = new Shape(levels, field.MaxDefinitionLevel, rowCount, column);
        return (raw, target) switch
        {
            (RawColumnData<long> r, _) when target == PrimitiveType.Long => Scatter<long, long, Same<long>>(r.Values, shape, default),
            (RawColumnData<int> r, _) when target == PrimitiveType.Integer => Scatter<int, int, Same<int>>(r.Values, shape, default),
            (RawColumnData<int> r, _) when target == PrimitiveType.Long => Scatter<int, long, IntToLong>(r.Values, shape, default),
            (RawColumnData<double> r, _) when target == PrimitiveType.Double => Scatter<double, double, Same<double>>(r.Values, shape, default),
            (RawColumnData<float> r, _) when target == PrimitiveType.Float => Scatter<float, float, Same<float>>(r.Values, shape, default),
            (RawColumnData<bool> r, _) when target == PrimitiveType.Boolean => Scatter<bool, bool, Same<bool>>(r.Values, shape, default),
            (RawColumnData<short> r, _) when target == PrimitiveType.Short => Scatter<short, short, Same<short>>(r.Values, shape, default),
            (RawColumnData<sbyte> r, _) when target == PrimitiveType.Byte => Scatter<sbyte, sbyte, Same<sbyte>>(r.Values, shape, default),
            (RawColumnData<decimal> r, DecimalType) => Scatter<decimal, decimal, Same<decimal>>(r.Values, shape, default),
            (RawColumnData<DateOnly> r, _) when target == PrimitiveType.Date => Scatter<DateOnly, DateOnly, Same<DateOnly>>(r.Values, shape, default),
            (RawColumnData<DateTime> r, _) when target == PrimitiveType.Timestamp => Scatter<DateTime, DateTime, UtcInstant>(r.Values, shape, default),
            (RawColumnData<DateTimeOffset> r, _) when target == PrimitiveType.Timestamp => Scatter<DateTimeOffset, DateTime, OffsetInstant>(r.Values, shape, default),
            (RawColumnData<ReadOnlyMemory<byte>> r, _) when target == PrimitiveType.String =>
                Scatter<ReadOnlyMemory<byte>, string, Utf8Text>(r.Values, shape, new Utf8Text(new DictionaryTextCache())),
            (RawColumnData<ReadOnlyMemory<byte>> r, _) when target == PrimitiveType.Binary => Scatter<ReadOnlyMemory<byte>, byte[], OwnBytes>(r.Values, shape, default),
            _ => Scatter<object?, object?, Same<object?>>(ReadValueConverter.Convert(raw, target, column), shape, default),
        };
    }

    /// <remarks>
    /// Parquet.Net hands out the non-null values packed at the front of a buffer sized for every entry, so the packed
    /// count is known only from the levels.
    /// </remarks>
    private static DenseColumn<TTarget> Scatter<TSource, TTarget, TMapper>(ReadOnlySpan<TSource> packed, Shape shape, TMapper mapper)
        where TMapper : struct, IMapper<TSource, TTarget>
    {
        var rowCount = shape.RowCount;
        var values = ArrayPool<TTarget>.Shared.Rent(Math.Max(1, rowCount));
        try
        {
            if (shape.MaxDefinition == 0)
            {
                if (packed.Length < rowCount)
                {
                    throw Corrupt(shape.Column, $"{packed.Length} values for {rowCount} rows");
                }

                for (var i = 0; i < rowCount; i++)
                {
                    values[i] = mapper.Map(packed[i]);
                }

                return new DenseColumn<TTarget>(values, null);
            }

            var levels = shape.Levels;
            if (levels.Length != rowCount)
            {
                throw Corrupt(shape.Column, $"{levels.Length} definition levels for {rowCount} rows");
            }

            var nulls = ArrayPool<bool>.Shared.Rent(Math.Max(1, rowCount));
            var v = 0;
            for (var i = 0; i < rowCount; i++)
            {
                if (levels[i] == shape.MaxDefinition)
                {
                    if (v == packed.Length)
                    {
                        ArrayPool<bool>.Shared.Return(nulls);
                        throw Corrupt(shape.Column, $"{packed.Length} values where its definition levels call for more");
                    }

                    values[i] = mapper.Map(packed[v++]);
                    nulls[i] = false;
                }
                else
                {
                    values[i] = default!;
                    nulls[i] = true;
                }
            }

            if (v == rowCount)
            {
                ArrayPool<bool>.Shared.Return(nulls);
                nulls = null;
            }

            return new DenseColumn<TTarget>(values, nulls);
        }
        catch
        {
            ArrayPool<TTarget>.Shared.Return(values);
            throw;
        }
    }

    private static DeltaLakeException Corrupt(string column, string what) =>
        new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Column '{column}' has {what}; the file is corrupt."));

    private readonly ref struct Shape(ReadOnlySpan<int> levels, int maxDefinition, int rowCount, string column)
    {
        public ReadOnlySpan<int> Levels { get; } = levels;

        public int MaxDefinition { get; } = maxDefinition;

        public int RowCount { get; } = rowCount;

        public string Column { get; } = column;
    }

    private interface IMapper<in TSource, out TTarget>
    {
        TTarget Map(TSource value);
    }

    private readonly struct Same<T> : IMapper<T, T>
    {
        public T Map(T value) => value;
    }

    private readonly struct IntToLong : IMapper<int, long>
    {
        public long Map(int value) => value;
    }

    /// <summary>INT96 comes back Unspecified: Spark writes it as a UTC instant, so that is what it is.</summary>
    private readonly struct UtcInstant : IMapper<DateTime, DateTime>
    {
        public DateTime Map(DateTime value) => value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };
    }

    private readonly struct OffsetInstant : IMapper<DateTimeOffset, DateTime>
    {
        public DateTime Map(DateTimeOffset value) => value.UtcDateTime;
    }

    private readonly struct Utf8Text(DictionaryTextCache cache) : IMapper<ReadOnlyMemory<byte>, string>
    {
        public string Map(ReadOnlyMemory<byte> value) => cache.Get(value, FromUtf8);
    }

    /// <summary>A copy: the buffer belongs to the decoder, and callers may keep (or change) the row's array.</summary>
    private readonly struct OwnBytes : IMapper<ReadOnlyMemory<byte>, byte[]>
    {
        public byte[] Map(ReadOnlyMemory<byte> value) => value.ToArray();
    }
}
