using System.Text;
using Kardiaflow.Lakehouse.Schema;
using global::Parquet.Data;

namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// Turns the packed (non-null) values of one Parquet column chunk into the CLR values of the requested Delta type
/// (see <see cref="DeltaType"/>). Widening conversions are accepted because files written before a schema change
/// legitimately hold the narrower type; anything lossy is refused with the column's name.
/// </summary>
internal static class ReadValueConverter
{
    public static object?[] Convert(RawColumnData raw, DeltaType target, string column) => raw switch
    {
        RawColumnData<bool> r => Map(r.Values, target, column, static (v, _) => v, PrimitiveType.Boolean),
        RawColumnData<int> r => Map(r.Values, target, column, FromLong, PrimitiveType.Integer),
        RawColumnData<long> r => Map(r.Values, target, column, FromLong, PrimitiveType.Long),
        RawColumnData<short> r => Map(r.Values, target, column, static (v, t) => FromLong(v, t), PrimitiveType.Short),
        RawColumnData<sbyte> r => Map(r.Values, target, column, static (v, t) => FromLong(v, t), PrimitiveType.Byte),
        RawColumnData<byte> r => Map(r.Values, target, column, static (v, t) => FromLong(v, t), PrimitiveType.Short),
        RawColumnData<ushort> r => Map(r.Values, target, column, static (v, t) => FromLong(v, t), PrimitiveType.Integer),
        RawColumnData<uint> r => Map(r.Values, target, column, static (v, t) => FromLong(v, t), PrimitiveType.Long),
        RawColumnData<ulong> r => Map(r.Values, target, column, static (v, t) => t is DecimalType ? (decimal)v : FromLong(checked((long)v), t), PrimitiveType.Long),
        RawColumnData<float> r => Map(r.Values, target, column, static (v, t) => t == PrimitiveType.Double ? (double)v : t == PrimitiveType.Float ? v : null, PrimitiveType.Float),
        RawColumnData<double> r => Map(r.Values, target, column, static (v, t) => t == PrimitiveType.Double ? v : null, PrimitiveType.Double),
        RawColumnData<decimal> r => Map(r.Values, target, column, static (v, t) => t is DecimalType ? v : t == PrimitiveType.Double ? (double)v : null, new DecimalType(38, 18)),
        RawColumnData<DateTime> r => Map(r.Values, target, column, FromDateTime, PrimitiveType.Timestamp),
        RawColumnData<DateTimeOffset> r => Map(r.Values, target, column, static (v, t) => FromDateTime(v.UtcDateTime, t), PrimitiveType.Timestamp),
        RawColumnData<DateOnly> r => Map(r.Values, target, column, FromDate, PrimitiveType.Date),
        RawColumnData<TimeSpan> r => Map(r.Values, target, column, static (v, t) => t == PrimitiveType.Long ? v.Ticks / 10 : null, PrimitiveType.Long),
        RawColumnData<TimeOnly> r => Map(r.Values, target, column, static (v, t) => t == PrimitiveType.Long ? v.Ticks / 10 : null, PrimitiveType.Long),
        RawColumnData<Guid> r => Map(r.Values, target, column, static (v, t) => t == PrimitiveType.String ? v.ToString() : null, PrimitiveType.String),
        RawColumnData<ReadOnlyMemory<char>> r => Map(r.Values, target, column, FromChars, PrimitiveType.String),
        RawColumnData<ReadOnlyMemory<byte>> r => Map(r.Values, target, column, FromBytes, PrimitiveType.Binary),
        _ => throw new DeltaLakeException($"Column '{column}': Parquet values of CLR type {raw.GetType().GenericTypeArguments.FirstOrDefault()?.Name} cannot be read."),
    };

    /// <summary>Maps every value; <paramref name="convert"/> returns null for a conversion it does not support.</summary>
    private static object?[] Map<T>(Span<T> values, DeltaType target, string column, Func<T, DeltaType, object?> convert, DeltaType source)
        where T : struct
    {
        var result = new object?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = convert(values[i], target) ?? throw Mismatch(column, source, target);
        }

        return result;
    }

    private static object? FromLong(int value, DeltaType target) => target == PrimitiveType.Integer ? value : FromLong((long)value, target);

    private static object? FromLong(long value, DeltaType target)
    {
        if (target == PrimitiveType.Long) return value;
        if (target == PrimitiveType.Integer) return checked((int)value);
        if (target == PrimitiveType.Short) return checked((short)value);
        if (target == PrimitiveType.Byte) return checked((sbyte)value);
        if (target == PrimitiveType.Double) return (double)value;
        if (target == PrimitiveType.Float) return (float)value;
        if (target is DecimalType) return (decimal)value;

        // Some writers store dates as INT32 days and timestamps as INT64 without annotations.
        if (target == PrimitiveType.Date) return DateOnly.FromDayNumber(checked((int)(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + value)));
        if (target == PrimitiveType.Timestamp) return DateTime.UnixEpoch.AddTicks(checked(value * 10));
        return null;
    }

    private static object? FromDateTime(DateTime value, DeltaType target)
    {
        // INT96 comes back Unspecified: Spark writes it as a UTC instant, so that is what it is.
        var utc = value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };
        if (target == PrimitiveType.Timestamp) return utc;
        if (target == PrimitiveType.Date) return DateOnly.FromDateTime(utc);
        return null;
    }

    private static object? FromDate(DateOnly value, DeltaType target)
    {
        if (target == PrimitiveType.Date) return value;
        if (target == PrimitiveType.Timestamp) return value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return null;
    }

    private static object? FromChars(ReadOnlyMemory<char> value, DeltaType target)
    {
        if (target == PrimitiveType.String) return new string(value.Span);
        if (target == PrimitiveType.Binary) return Encoding.UTF8.GetBytes(value.ToArray());
        return null;
    }

    private static object? FromBytes(ReadOnlyMemory<byte> value, DeltaType target)
    {
        if (target == PrimitiveType.String) return Encoding.UTF8.GetString(value.Span);
        if (target == PrimitiveType.Binary) return value.ToArray();
        return null;
    }

    private static DeltaLakeException Mismatch(string column, DeltaType source, DeltaType target) =>
        new($"Column '{column}' holds {source.TypeName} values in the Parquet file but the table schema says {target.TypeName}; " +
            "the file does not match the table schema (rewrite the file, or fix the schema).");
}
