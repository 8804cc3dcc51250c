using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Tests.Conformance;

namespace Kardiaflow.Lakehouse.Tests.Reading;

/// <summary>The dense fast path for top-level primitive columns: nulls in place, widening, several row groups, and the decoders behind it.</summary>
public sealed class FlatColumnReadTests
{
    private static readonly StructType Primitives = new(
    [
        new StructField("l", PrimitiveType.Long),
        new StructField("i", PrimitiveType.Integer),
        new StructField("s", PrimitiveType.Short),
        new StructField("b", PrimitiveType.Byte),
        new StructField("f", PrimitiveType.Float),
        new StructField("d", PrimitiveType.Double),
        new StructField("ok", PrimitiveType.Boolean),
        new StructField("bin", PrimitiveType.Binary),
        new StructField("dec", new DecimalType(10, 3)),
        new StructField("day", PrimitiveType.Date),
        new StructField("at", PrimitiveType.Timestamp),
        new StructField("text", PrimitiveType.String),
        new StructField("req", PrimitiveType.Long, Nullable: false),
    ]);

    [Fact]
    public async Task Nulls_land_on_their_rows_in_every_primitive_type_across_row_groups()
    {
        var rows = Enumerable.Range(0, 7).Select(Row).ToArray();
        var read = await RoundTripAsync(Primitives, rows, Primitives, rowGroupSize: 3);
        Assert.Equal(rows.Select(Show), read.Select(Show));
        Assert.Equal([0L, 1L, 2L, 3L, 4L, 5L, 6L], read.Select(r => r[12]));
        Assert.All(read.Where((_, i) => i % 3 == 1), r => Assert.All(r.Take(12), Assert.Null));
    }

    [Fact]
    public async Task Narrower_file_types_widen_to_the_schema_and_lossy_ones_fail_naming_the_column()
    {
        var file = new StructType([new StructField("n", PrimitiveType.Integer), new StructField("t", PrimitiveType.String)]);
        object?[][] rows = [[1, "a"], [null, null], [-3, "c"]];
        var widened = new StructType([new StructField("n", PrimitiveType.Long), new StructField("t", PrimitiveType.String)]);
        Assert.Equal(["1|a", "null|null", "-3|c"], (await RoundTripAsync(file, rows, widened, 10)).Select(Show));

        var asDecimal = new StructType([new StructField("n", new DecimalType(10, 0))]);
        Assert.Equal(["1", "null", "-3"], (await RoundTripAsync(file, rows, asDecimal, 10)).Select(Show));

        var lossy = new StructType([new StructField("t", PrimitiveType.Long)]);
        var error = await Assert.ThrowsAsync<DeltaLakeException>(() => RoundTripAsync(file, rows, lossy, 10));
        Assert.Contains("'t'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dictionary_entries_are_decoded_once_and_plain_values_each_time()
    {
        var cache = new DictionaryTextCache();
        var entry = "patient-7".ToCharArray();
        var decoded = 0;
        string Decode(ReadOnlySpan<char> s)
        {
            decoded++;
            return new string(s);
        }

        var first = cache.Get<char>(entry.AsMemory(), Decode);
        var again = cache.Get<char>(entry.AsMemory(), Decode);
        Assert.Equal("patient-7", first);
        Assert.Same(first, again);
        Assert.Equal(1, decoded);
        Assert.Equal("tient", cache.Get<char>(entry.AsMemory(2, 5), Decode));

        // Every value in its own buffer (plain encoding): still right, and the cache gives up after its probe.
        for (var i = 0; i < 3000; i++)
        {
            Assert.Equal("v" + i, cache.Get<char>(("v" + i).ToCharArray().AsMemory(), Decode));
        }

        decoded = 0;
        cache.Get<char>(entry.AsMemory(), Decode);
        Assert.Equal(1, decoded);
    }

    [Fact]
    public async Task Read_ahead_disposes_what_the_caller_never_took_and_surfaces_failures()
    {
        var made = new List<Item>();
        await foreach (var item in ReadAhead.RunAsync(ItemsAsync(made, failAt: -1), CancellationToken.None))
        {
            Assert.Equal(0, item.Index);
            break;
        }

        Assert.Equal(2, made.Count);
        Assert.True(made[1].Disposed);

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var item in ReadAhead.RunAsync(ItemsAsync([], failAt: 2), CancellationToken.None))
            {
                item.Dispose();
            }
        });
        Assert.Equal("item 2", error.Message);
    }

    private static object?[] Row(int i) => i % 3 == 1
        ? [null, null, null, null, null, null, null, null, null, null, null, null, (long)i]
        :
        [
            (long)i * 1_000_000_007, i, (short)-i, (sbyte)i, i + 0.5f, i / 3.0, i % 2 == 0, new byte[] { (byte)i, 0xFF },
            i * 1.125m, new DateOnly(2024, 2, 28).AddDays(i), new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(i * 10L), "t" + (i % 2), (long)i,
        ];

    private static string Show(object?[] row) => string.Join("|", row.Select(Fixture.Canon));

    private static async Task<List<object?[]>> RoundTripAsync(StructType schema, object?[][] rows, StructType projection, int rowGroupSize)
    {
        using var buffer = new MemoryStream();
        await ParquetFileWriter.WriteAsync(buffer, schema, rows, null, CancellationToken.None, rowGroupSize);
        await using var reader = await ParquetFileReader.CreateAsync(new MemoryStream(buffer.ToArray()), CancellationToken.None);
        Assert.Equal((rows.Length + rowGroupSize - 1) / rowGroupSize, reader.RowGroupCount);
        var result = new List<object?[]>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            result.AddRange(await reader.ReadRowGroupAsync(g, projection, CancellationToken.None));
        }

        return result;
    }

    private static async IAsyncEnumerable<Item> ItemsAsync(List<Item> made, int failAt)
    {
        for (var i = 0; i < 5; i++)
        {
            await Task.Yield();
            if (i == failAt)
            {
                throw new InvalidDataException("item " + i);
            }

            var item = new Item(i);
            made.Add(item);
            yield return item;
        }
    }

    private sealed class Item(int index) : IDisposable
    {
        public int Index { get; } = index;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
