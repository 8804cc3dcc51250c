namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// Converts row values to the CLR type a column's Delta type travels as (see <c>DeltaType</c>), accepting the
/// lossless widenings callers commonly hand in (an int for a long column, a DateTimeOffset for a timestamp).
/// Anything else is an error that names the column and both types.
/// </summary>
internal static class ValueConverters
{
    public static long ToLong(object v, string column) => v switch
    {
        long l => l,
        int i => i,
        short s => s,
        sbyte b => b,
        byte b => b,
        uint u => u,
        ushort u => u,
        _ => throw WrongType(v, column, "long"),
    };

    public static int ToInt(object v, string column) => v switch
    {
        int i => i,
        short s => s,
        sbyte b => b,
        byte b => b,
        ushort u => u,
        _ => throw WrongType(v, column, "integer"),
    };

    public static short ToShort(object v, string column) => v switch
    {
        short s => s,
        sbyte b => b,
        byte b => b,
        _ => throw WrongType(v, column, "short"),
    };

    public static sbyte ToSByte(object v, string column) => v is sbyte b ? b : throw WrongType(v, column, "byte");

    public static float ToFloat(object v, string column) => v is float f ? f : throw WrongType(v, column, "float");

    public static double ToDouble(object v, string column) => v switch
    {
        double d => d,
        float f => f,
        _ => throw WrongType(v, column, "double"),
    };

    public static bool ToBool(object v, string column) => v is bool b ? b : throw WrongType(v, column, "boolean");

    public static decimal ToDecimal(object v, string column) => v switch
    {
        decimal m => m,
        long l => l,
        int i => i,
        _ => throw WrongType(v, column, "decimal"),
    };

    public static DateOnly ToDate(object v, string column) => v switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        _ => throw WrongType(v, column, "date"),
    };

    /// <summary>Timestamps are instants: Local values are converted, Unspecified ones are taken as UTC.</summary>
    public static DateTime ToTimestamp(object v, string column) => v switch
    {
        DateTime { Kind: DateTimeKind.Utc } dt => dt,
        DateTime { Kind: DateTimeKind.Local } dt => dt.ToUniversalTime(),
        DateTime dt => DateTime.SpecifyKind(dt, DateTimeKind.Utc),
        DateTimeOffset o => o.UtcDateTime,
        _ => throw WrongType(v, column, "timestamp"),
    };

    public static ReadOnlyMemory<byte> ToBinary(object v, string column) => v switch
    {
        byte[] b => b,
        ReadOnlyMemory<byte> m => m,
        _ => throw WrongType(v, column, "binary"),
    };

    public static ArgumentException WrongType(object value, string column, string deltaType) =>
        new($"Column '{column}' is {deltaType} but a row holds a {value.GetType().Name} ('{value}'). " +
            "Convert the value to the column's CLR type (see DeltaType) before writing.");
}
