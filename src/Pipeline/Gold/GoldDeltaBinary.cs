using System.Text;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// A <see cref="GoldDelta"/> as compact bytes with typed values, for grain calls between silos and grain state: each
/// value is a type tag and its exact bits, so it reads back with the same CLR type and value (a DateTime with its kind,
/// a decimal with its scale).
/// </summary>
public static class GoldDeltaBinary
{
    private const int Format = 1;

    private enum Tag : byte
    {
        Null,
        String,
        Long,
        Int,
        Double,
        Decimal,
        False,
        True,
        Date,
        Timestamp,
    }

    public static byte[] Serialize(GoldDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Format);
            var tables = delta.Tables.ToList();
            writer.Write(tables.Count);
            foreach (var table in tables)
            {
                writer.Write(table);
                WriteRows(writer, delta.Upserts(table));
                WriteRows(writer, delta.Deletes(table));
            }
        }

        return stream.ToArray();
    }

    public static GoldDelta Deserialize(byte[]? data)
    {
        var delta = new GoldDelta();
        if (data is null || data.Length == 0)
        {
            return delta;
        }

        using var reader = new BinaryReader(new MemoryStream(data, writable: false), Encoding.UTF8);
        var format = reader.ReadInt32();
        if (format != Format)
        {
            throw new InvalidDataException($"Gold delta has format {format}, expected {Format}.");
        }

        var tables = reader.ReadInt32();
        for (var t = 0; t < tables; t++)
        {
            var table = reader.ReadString();
            delta.AddRows(table, ReadRows(reader), ReadRows(reader));
        }

        return delta;
    }

    private static void WriteRows(BinaryWriter writer, IReadOnlyList<object?[]> rows)
    {
        writer.Write(rows.Count);
        foreach (var row in rows)
        {
            writer.Write(row.Length);
            foreach (var value in row)
            {
                WriteValue(writer, value);
            }
        }
    }

    private static List<object?[]> ReadRows(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var rows = new List<object?[]>(count);
        for (var r = 0; r < count; r++)
        {
            var row = new object?[reader.ReadInt32()];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = ReadValue(reader);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static void WriteValue(BinaryWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.Write((byte)Tag.Null);
                break;
            case string s:
                writer.Write((byte)Tag.String);
                writer.Write(s);
                break;
            case long l:
                writer.Write((byte)Tag.Long);
                writer.Write(l);
                break;
            case int i:
                writer.Write((byte)Tag.Int);
                writer.Write(i);
                break;
            case double d:
                writer.Write((byte)Tag.Double);
                writer.Write(d);
                break;
            case decimal m:
                writer.Write((byte)Tag.Decimal);
                writer.Write(m);
                break;
            case bool b:
                writer.Write((byte)(b ? Tag.True : Tag.False));
                break;
            case DateOnly day:
                writer.Write((byte)Tag.Date);
                writer.Write(day.DayNumber);
                break;
            case DateTime time:
                writer.Write((byte)Tag.Timestamp);
                writer.Write(time.ToBinary());
                break;
            default:
                throw new NotSupportedException($"Gold values of type {value.GetType().Name} are not supported.");
        }
    }

    private static object? ReadValue(BinaryReader reader) => (Tag)reader.ReadByte() switch
    {
        Tag.Null => null,
        Tag.String => reader.ReadString(),
        Tag.Long => reader.ReadInt64(),
        Tag.Int => reader.ReadInt32(),
        Tag.Double => reader.ReadDouble(),
        Tag.Decimal => reader.ReadDecimal(),
        Tag.False => false,
        Tag.True => true,
        Tag.Date => DateOnly.FromDayNumber(reader.ReadInt32()),
        Tag.Timestamp => DateTime.FromBinary(reader.ReadInt64()),
        var tag => throw new InvalidDataException($"Unknown Gold value tag {(byte)tag}."),
    };
}
