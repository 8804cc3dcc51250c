using Kardiaflow.Lakehouse.Schema;
using PqDataField = Parquet.Schema.DataField;
using PqDecimalField = Parquet.Schema.DecimalDataField;
using PqField = Parquet.Schema.Field;
using PqListField = Parquet.Schema.ListField;
using PqMapField = Parquet.Schema.MapField;
using PqStructField = Parquet.Schema.StructField;

namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>Maps a Parquet file's schema (as Parquet.Net models it) to Delta types.</summary>
internal static class ReadTypeMapping
{
    public static StructType ToDelta(IReadOnlyList<PqField> fields) =>
        new(fields.Select(f => new Schema.StructField(f.Name, ToDelta(f), f.IsNullable)).ToList());

    public static DeltaType ToDelta(PqField field) => field switch
    {
        PqStructField s => ToDelta(s.Fields),
        PqListField l => new ArrayType(ToDelta(l.Item), l.Item.IsNullable),
        PqMapField m => new MapType(ToDelta(m.Key), ToDelta(m.Value), m.Value.IsNullable),
        PqDataField { IsArray: true } d => new ArrayType(LeafType(d), false),
        PqDataField d => LeafType(d),
        _ => throw UnsupportedTypeException.ForType(field.GetType().Name, field.Path.ToString()),
    };

    /// <summary>The Delta type of a leaf, from the CLR type Parquet.Net reads it as plus its annotations.</summary>
    public static DeltaType LeafType(PqDataField field)
    {
        var clr = field.ClrType;
        if (field is PqDecimalField dec)
        {
            return new DecimalType(Math.Clamp(dec.Precision, 1, 38), Math.Max(0, dec.Scale));
        }

        if (clr == typeof(bool)) return PrimitiveType.Boolean;
        if (clr == typeof(sbyte)) return PrimitiveType.Byte;
        if (clr == typeof(byte) || clr == typeof(short)) return PrimitiveType.Short;
        if (clr == typeof(ushort) || clr == typeof(int)) return PrimitiveType.Integer;
        if (clr == typeof(uint) || clr == typeof(long)) return PrimitiveType.Long;
        if (clr == typeof(ulong)) return new DecimalType(20, 0);
        if (clr == typeof(float)) return PrimitiveType.Float;
        if (clr == typeof(double)) return PrimitiveType.Double;
        if (clr == typeof(decimal)) return new DecimalType(38, 18);
        if (clr == typeof(DateTime) || clr == typeof(DateTimeOffset)) return PrimitiveType.Timestamp;
        if (clr == typeof(DateOnly)) return PrimitiveType.Date;
        if (clr == typeof(TimeSpan) || clr == typeof(TimeOnly)) return PrimitiveType.Long;
        if (clr == typeof(Guid) || clr == typeof(string) || clr == typeof(ReadOnlyMemory<char>)) return PrimitiveType.String;
        if (clr == typeof(ReadOnlyMemory<byte>) || clr == typeof(byte[]))
        {
            return IsText(field) ? PrimitiveType.String : PrimitiveType.Binary;
        }

        throw UnsupportedTypeException.ForType(clr.Name, field.Path.ToString());
    }

    private static bool IsText(PqDataField field)
    {
        var element = field.SchemaElement;
        if (element is null)
        {
            return false;
        }

        if (element.LogicalType is { } logical && (logical.STRING is not null || logical.ENUM is not null || logical.JSON is not null))
        {
            return true;
        }

        return element.ConvertedType is global::Parquet.Meta.ConvertedType.UTF8
            or global::Parquet.Meta.ConvertedType.ENUM
            or global::Parquet.Meta.ConvertedType.JSON;
    }
}
