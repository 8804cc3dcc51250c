using Avro;
using Avro.File;
using Avro.Generic;
using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;

namespace Kardiaflow.Pipeline.Tests.Ingestion;

public sealed class SplittingTests
{
    [Theory]
    [InlineData("providers/providers_part_1.tsv", "providers", 4096)]
    [InlineData("patients/patients_part_1.csv", "patients", 8192)]
    [InlineData("feedback/feedback_part_2.jsonl", "feedback", 10000)]
    [InlineData("encounters/encounters_part_1.avro", "encounters", 50000)]
    [InlineData("encounters/encounters_part_3.avro", "encounters", 1)]
    public async Task All_parts_together_equal_the_whole_file(string relativePath, string dataset, long target)
    {
        var ds = DatasetCatalog.Get(dataset);
        var root = ReadHelpers.SampleRoot;
        var parts = await FilePartPlanner.PlanAsync(root, relativePath, target, CancellationToken.None);
        Assert.True(parts.Count > 3, $"only {parts.Count} parts");
        Assert.All(parts, p => Assert.Equal(FilePartUnit.Bytes, p.Unit));
        for (var i = 1; i < parts.Count; i++)
        {
            Assert.Equal(parts[i - 1].End, parts[i].Start);
        }

        var whole = await ReadHelpers.ReadAsync(root, relativePath, ds);
        var split = await ReadHelpers.ReadPartsAsync(root, relativePath, ds, target);
        Assert.Equal(RowText.Of(whole), RowText.Of(split));
        Assert.Equal(whole.Counts, split.Counts);
    }

    [Fact]
    public async Task Csv_with_a_quoted_newline_is_one_part()
    {
        using var temp = new TempFolder();
        var text = "ProviderID,ProviderSpecialty,ProviderLocation\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"p{i},\"Cardio\nlogy\",Town{i}\n"));
        temp.Write("providers/p.csv", text);
        var parts = await FilePartPlanner.PlanAsync(temp.Root, "providers/p.csv", 100, CancellationToken.None);
        Assert.True(Assert.Single(parts).IsWholeFile);
        var result = await ReadHelpers.ReadAsync(temp.Root, "providers/p.csv", DatasetCatalog.Providers);
        Assert.Equal(200, result.Rows.Count);
        Assert.Equal("Cardio\nlogy", result.Rows[7][1]);
        Assert.Equal(8L, result.Rows[7][DatasetCatalog.Providers.RawColumnCount + AuditColumns.SourceRowOffset]);
    }

    [Fact]
    public async Task Csv_with_literal_and_escaped_quotes_splits_where_the_parser_agrees()
    {
        using var temp = new TempFolder();
        var text = new System.Text.StringBuilder("\uFEFF\r\nProviderID,ProviderSpecialty,ProviderLocation\r\n");
        for (var i = 0; i < 300; i++)
        {
            text.Append(i % 7 == 0 ? "\r\n" : string.Empty);
            text.Append(i % 3 == 0 ? $"p{i},5\" wide,\"Town \"\"{i}\"\", ST\"\r\n" : $"p{i},Card\"io,Town{i}\r\n");
        }

        temp.Write("providers/q.csv", text.ToString());
        var parts = await FilePartPlanner.PlanAsync(temp.Root, "providers/q.csv", 500, CancellationToken.None);
        Assert.True(parts.Count > 5, $"only {parts.Count} parts");
        var whole = await ReadHelpers.ReadAsync(temp.Root, "providers/q.csv", DatasetCatalog.Providers);
        var split = await ReadHelpers.ReadPartsAsync(temp.Root, "providers/q.csv", DatasetCatalog.Providers, 500);
        Assert.Equal(300, whole.Rows.Count);
        Assert.Equal("Town \"3\", ST", whole.Rows[3][2]);
        Assert.Equal("5\" wide", whole.Rows[3][1]);
        Assert.Equal(RowText.Of(whole), RowText.Of(split));
    }

    [Fact]
    public async Task Jsonl_parts_with_blank_lines_and_bad_lines_keep_row_numbers()
    {
        using var temp = new TempFolder();
        var lines = new List<string>();
        for (var i = 0; i < 500; i++)
        {
            lines.Add(i % 37 == 0 ? "   " : i % 41 == 0 ? "[1,2]" : $"{{\"feedback_id\":\"f{i}\",\"satisfaction_score\":{i % 5}}}");
        }

        temp.Write("feedback/f.jsonl", string.Join("\r\n", lines));
        var whole = await ReadHelpers.ReadAsync(temp.Root, "feedback/f.jsonl", DatasetCatalog.Feedback);
        var split = await ReadHelpers.ReadPartsAsync(temp.Root, "feedback/f.jsonl", DatasetCatalog.Feedback, 700);
        Assert.Equal(RowText.Of(whole), RowText.Of(split));
        Assert.Equal(500 - 14, whole.Counts.RecordsRead);
        Assert.NotEmpty(whole.Quarantined);
    }

    [Fact]
    public async Task Avro_block_cuts_are_where_the_library_sees_blocks()
    {
        var root = ReadHelpers.SampleRoot;
        var parts = await FilePartPlanner.PlanAsync(root, "encounters/encounters_part_1.avro", 1, CancellationToken.None);
        var starts = new List<long>();
        using (var reader = (DataFileReader<GenericRecord>)DataFileReader<GenericRecord>.OpenReader(Path.Combine(root, "encounters/encounters_part_1.avro")))
        {
            long previous = -1;
            while (reader.HasNext())
            {
                if (reader.PreviousSync() != previous)
                {
                    previous = reader.PreviousSync();
                    starts.Add(previous);
                }

                reader.Next();
            }
        }

        Assert.Equal(starts.Count, parts.Count);
        Assert.Equal(starts.Skip(1), parts.Skip(1).Select(p => p.Start));
    }

    [Fact]
    public async Task Parquet_parts_are_row_groups_and_equal_the_whole_file()
    {
        using var temp = new TempFolder();
        var ds = DatasetCatalog.Claims;
        var rows = Enumerable.Range(0, 1000).Select(i => new object?[]
        {
            $"c{i}", $"p{i % 17}", $"v{i % 5}", i * 1.5, "2024-01-02", "D1", "P1", i % 3 == 0 ? "Denied" : "Approved", "T", "Online",
        }).ToList();
        var path = Path.Combine(temp.Root, "claims", "c.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var stream = File.Create(path))
        {
            await ParquetFileWriter.WriteAsync(stream, ds.RawSchema, rows, null, CancellationToken.None, rowGroupSize: 100);
        }

        var parts = await FilePartPlanner.PlanAsync(temp.Root, "claims/c.parquet", 1, CancellationToken.None);
        Assert.Equal(10, parts.Count);
        Assert.All(parts, p => Assert.Equal(FilePartUnit.RowGroups, p.Unit));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 1 + (100L * i)), parts.Select(p => p.FirstRow));
        var whole = await ReadHelpers.ReadAsync(temp.Root, "claims/c.parquet", ds);
        var split = await ReadHelpers.ReadPartsAsync(temp.Root, "claims/c.parquet", ds, 1);
        Assert.Equal(1000, whole.Rows.Count);
        Assert.Equal(RowText.Of(whole), RowText.Of(split));
        Assert.Equal(1000L, split.Rows[^1][ds.RawColumnCount + AuditColumns.SourceRowOffset]);
    }

    [Fact]
    public async Task Small_files_are_one_whole_part()
    {
        var parts = await FilePartPlanner.PlanAsync(ReadHelpers.SampleRoot, "claims/claims_part_1.parquet", FilePartPlanner.DefaultTargetPartBytes, CancellationToken.None);
        Assert.True(Assert.Single(parts).IsWholeFile);
    }
}
