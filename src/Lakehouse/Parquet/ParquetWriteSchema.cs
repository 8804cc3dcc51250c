using Kardiaflow.Lakehouse.Schema;
using PqDataField = Parquet.Schema.DataField;
using PqDateTimeDataField = Parquet.Schema.DateTimeDataField;
using PqDateTimeFormat = Parquet.Schema.DateTimeFormat;
using PqDateTimeTimeUnit = Parquet.Schema.DateTimeTimeUnit;
using PqDecimalDataField = Parquet.Schema.DecimalDataField;
using PqField = Parquet.Schema.Field;
using PqListField = Parquet.Schema.ListField;
using PqMapField = Parquet.Schema.MapField;
using PqStructField = Parquet.Schema.StructField;

namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// Maps Delta types to the Parquet physical/logical types Spark writes: timestamps as INT64 micros adjusted to UTC,
/// dates as DATE, byte/short as INT32 with INT(8)/INT(16), decimals as INT32/INT64/FIXED by precision, and the
/// three-level LIST and MAP layouts.
/// </summary>
internal static class ParquetWriteSchema
{
    public static PqField ToParquet(StructField field) => ToParquet(field.Name, field.Type, field.Nullable);

    public static PqField ToParquet(string name, DeltaType type, bool nullable) => type switch
    {
        DecimalType d => new PqDecimalDataField(name, d.Precision, d.Scale, forceByteArrayEncoding: false, isNullable: nullable),
        PrimitiveType p when p == PrimitiveType.Timestamp =>
            new PqDateTimeDataField(name, PqDateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: PqDateTimeTimeUnit.Micros, isNullable: nullable),
        PrimitiveType p => new PqDataField(name, ClrType(p), isNullable: nullable),
        StructType s => new PqStructField(name, s.Fields.Select(ToParquet).ToArray()),
        ArrayType a => new PqListField(name, ToParquet("element", a.ElementType, a.ContainsNull)),
        MapType m => new PqMapField(name, ToParquet("key", m.KeyType, nullable: false), ToParquet("value", m.ValueType, m.ValueContainsNull)),
        _ => throw new UnsupportedTypeException($"Column '{name}' has type '{type.TypeName}', which the Parquet writer does not support."),
    };

    private static Type ClrType(PrimitiveType p) => p.Name switch
    {
        "string" => typeof(string),
        "long" => typeof(long),
        "integer" => typeof(int),
        "short" => typeof(short),
        "byte" => typeof(sbyte),
        "float" => typeof(float),
        "double" => typeof(double),
        "boolean" => typeof(bool),
        "binary" => typeof(byte[]),
        "date" => typeof(DateOnly),
        _ => throw new UnsupportedTypeException($"The Parquet writer does not support type '{p.Name}'."),
    };
}
