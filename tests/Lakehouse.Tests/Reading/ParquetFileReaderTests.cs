using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Tests.Conformance;

namespace Kardiaflow.Lakehouse.Tests.Reading;

/// <summary>Nested values through the writer and back, projections, and Parquet files written by other engines.</summary>
public sealed class ParquetFileReaderTests
{
    private static readonly StructType Nested = new(
    [
        new StructField("id", PrimitiveType.Long, false),
        new StructField("tags", new ArrayType(PrimitiveType.String, true)),
        new StructField("attrs", new MapType(PrimitiveType.String, PrimitiveType.Integer, true)),
        new StructField("who", new StructType([new StructField("name", PrimitiveType.String), new StructField("born", PrimitiveType.Date)])),
        new StructField("amount", new DecimalType(12, 2)),
        new StructField("at", PrimitiveType.Timestamp),
    ]);

    [Fact]
    public async Task Nested_values_round_trip_through_the_writer()
    {
        object?[][] rows =
        [
            [1L, new List<object?> { "a", null, "b" }, new Dictionary<object, object?> { ["x"] = 1, ["y"] = null }, new object?[] { "Ann", new DateOnly(1990, 1, 2) }, 12.34m, new DateTime(2024, 1, 2, 3, 4, 5, 6, DateTimeKind.Utc)],
            [2L, new List<object?>(), new Dictionary<object, object?>(), new object?[] { null, null }, null, null],
            [3L, null, null, null, -0.01m, DateTime.UnixEpoch],
        ];
        var read = await RoundTripAsync(rows, null);
        Assert.Equal(
            [
                "1|[a,null,b]|{x:1,y:null}|(Ann,1990-01-02)|12.34|2024-01-02 03:04:05.006000Z",
                "2|[]|{}|(null,null)|null|null",
                "3|null|null|null|-0.01|1970-01-01 00:00:00.000000Z",
            ],
            read);
    }

    [Fact]
    public async Task Projection_drops_unrequested_columns_and_fills_missing_ones_with_null()
    {
        object?[][] rows = [[1L, null, null, new object?[] { "Ann", null }, 1m, null]];
        var projection = new StructType(
        [
            new StructField("who", new StructType([new StructField("born", PrimitiveType.Date), new StructField("nickname", PrimitiveType.String)])),
            new StructField("not_there", PrimitiveType.Long),
            new StructField("ID", PrimitiveType.Long),
        ]);
        Assert.Equal(["(null,null)|null|1"], await RoundTripAsync(rows, projection));
    }

    [Fact]
    public async Task Reads_a_databricks_file_with_duplicate_footer_metadata()
    {
        var file = Directory.EnumerateFiles(Fixture.Dir("delta-rs/table_with_column_mapping"), "*.parquet", SearchOption.AllDirectories).First();
        await using var reader = await ParquetFileReader.CreateAsync(File.OpenRead(file), CancellationToken.None);
        Assert.True(reader.RowCount > 0);
        Assert.All(reader.Schema.Fields, f => Assert.StartsWith("col-", f.Name, StringComparison.Ordinal));
        var total = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            total += (await reader.ReadRowGroupAsync(g, null, CancellationToken.None)).Count;
        }

        Assert.Equal(reader.RowCount, total);
    }

    [Fact]
    public async Task Maps_parquet_types_to_delta_types()
    {
        var file = Directory.EnumerateFiles(Fixture.Dir("dat/all_primitive_types/delta"), "*.parquet").First();
        await using var reader = await ParquetFileReader.CreateAsync(File.OpenRead(file), CancellationToken.None);
        Assert.Equal(
            ["string", "long", "integer", "short", "byte", "float", "double", "boolean", "binary", "decimal(5,3)", "date", "timestamp"],
            reader.Schema.Fields.Select(f => f.Type.TypeName));
    }

    private static async Task<List<string>> RoundTripAsync(object?[][] rows, StructType? projection)
    {
        using var buffer = new MemoryStream();
        await ParquetFileWriter.WriteAsync(buffer, Nested, rows, null, CancellationToken.None);
        buffer.Position = 0;
        await using var reader = await ParquetFileReader.CreateAsync(new MemoryStream(buffer.ToArray()), CancellationToken.None);
        Assert.Equal(Nested.Fields.Select(f => f.Type), reader.Schema.Fields.Select(f => f.Type));
        var result = new List<string>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            foreach (var row in await reader.ReadRowGroupAsync(g, projection, CancellationToken.None))
            {
                result.Add(string.Join("|", row.Select(Fixture.Canon)));
            }
        }

        return result;
    }
}
