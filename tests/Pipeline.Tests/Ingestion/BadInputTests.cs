using System.Text;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;

namespace Kardiaflow.Pipeline.Tests.Ingestion;

/// <summary>The bad-input corpus: each case with its expected outcome, the other records and files unaffected.</summary>
public sealed class BadInputTests
{
    private const string ProvidersHeader = "ProviderID,ProviderSpecialty,ProviderLocation\n";

    private static readonly DatasetDefinition Providers = DatasetCatalog.Providers;

    [Theory]
    [InlineData("providers/empty.csv")]
    [InlineData("providers/empty.tsv")]
    [InlineData("providers/empty.jsonl")]
    public async Task Zero_byte_text_files_are_valid_and_empty(string path)
    {
        using var temp = new TempFolder();
        temp.Write(path, []);
        var result = await ReadHelpers.ReadAsync(temp.Root, path, Providers);
        Assert.Equal(RecordCounts.Zero, result.Counts);
    }

    [Theory]
    [InlineData("encounters/empty.avro")]
    [InlineData("claims/empty.parquet")]
    public async Task Zero_byte_binary_files_fail_alone_naming_the_file(string path)
    {
        using var temp = new TempFolder();
        temp.Write(path, []);
        temp.Write("providers/good.csv", ProvidersHeader + "p1,Cardiology,Town\n");
        var error = await Assert.ThrowsAsync<InputFileException>(() => ReadHelpers.ReadAsync(temp.Root, path, DatasetCatalog.Encounters));
        Assert.Equal(InputFileErrorKind.Corrupt, error.Kind);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Single((await ReadHelpers.ReadAsync(temp.Root, "providers/good.csv", Providers)).Rows);
    }

    [Fact]
    public async Task A_text_file_named_avro_is_not_Avro()
    {
        using var temp = new TempFolder();
        temp.Write("encounters/fake.avro", "ID,DATE\nsecret-value,2020-01-01\n");
        var error = await Assert.ThrowsAsync<InputFileException>(() => ReadHelpers.ReadAsync(temp.Root, "encounters/fake.avro", DatasetCatalog.Encounters));
        Assert.Equal(InputFileErrorKind.Corrupt, error.Kind);
        Assert.DoesNotContain("secret-value", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_Avro_fails_with_the_record_where_data_ends()
    {
        using var temp = new TempFolder();
        var bytes = File.ReadAllBytes(Path.Combine(ReadHelpers.SampleRoot, "encounters/encounters_part_1.avro"));
        temp.Write("encounters/cut.avro", bytes[..(bytes.Length * 3 / 5)]);
        var error = await Assert.ThrowsAsync<InputFileException>(() => ReadHelpers.ReadAsync(temp.Root, "encounters/cut.avro", DatasetCatalog.Encounters));
        Assert.Equal(InputFileErrorKind.Corrupt, error.Kind);
        Assert.NotNull(error.SourceRow);
        Assert.InRange(error.SourceRow!.Value, 2000, 3500);
        Assert.Contains("encounters/cut.avro", error.Message, StringComparison.Ordinal);
        var parts = await FilePartPlanner.PlanAsync(temp.Root, "encounters/cut.avro", 1, CancellationToken.None);
        Assert.True(Assert.Single(parts).IsWholeFile);
    }

    [Fact]
    public async Task Avro_block_that_cannot_be_decoded_is_quarantined_and_reading_resumes()
    {
        using var temp = new TempFolder();
        var bytes = File.ReadAllBytes(Path.Combine(ReadHelpers.SampleRoot, "encounters/encounters_part_1.avro"));
        temp.Write("encounters/e.avro", bytes);
        var blocks = await FilePartPlanner.PlanAsync(temp.Root, "encounters/e.avro", 1, CancellationToken.None);
        var damaged = blocks[5];
        Array.Fill(bytes, (byte)0xFF, (int)damaged.Start + 40, 64);
        temp.Write("encounters/e.avro", bytes);

        var result = await ReadHelpers.ReadAsync(temp.Root, "encounters/e.avro", DatasetCatalog.Encounters);
        Assert.Equal(5000, result.Counts.RecordsRead);
        Assert.NotEmpty(result.Quarantined);
        Assert.All(result.Quarantined, q => Assert.Contains($"block starting at byte {damaged.Start}", q.Reason, StringComparison.Ordinal));
        Assert.Equal(blocks[6].FirstRow - 1, result.Quarantined[^1].SourceRow);
        var e = DatasetCatalog.Encounters;
        Assert.Equal(blocks[6].FirstRow, result.Rows.First(r => (long)r[e.RawColumnCount + AuditColumns.SourceRowOffset]! >= damaged.FirstRow)[e.RawColumnCount + AuditColumns.SourceRowOffset]);
    }

    [Theory]
    [InlineData("magic")]
    [InlineData("length")]
    [InlineData("metadata")]
    [InlineData("cut")]
    public async Task Parquet_with_a_corrupt_footer_fails_alone(string damage)
    {
        using var temp = new TempFolder();
        var bytes = File.ReadAllBytes(Path.Combine(ReadHelpers.SampleRoot, "claims/claims_part_1.parquet"));
        var footerLength = BitConverter.ToInt32(bytes, bytes.Length - 8);
        var footerStart = bytes.Length - 8 - footerLength;
        switch (damage)
        {
            case "magic":
                bytes[^1] = (byte)'X';
                break;
            case "length":
                BitConverter.GetBytes(bytes.Length * 2).CopyTo(bytes, bytes.Length - 8);
                break;
            case "metadata":
                Array.Fill(bytes, (byte)0xFF, footerStart, 64);
                break;
            default:
                bytes = bytes[..(footerStart + (footerLength / 2))];
                break;
        }

        temp.Write("claims/bad.parquet", bytes);
        temp.Write("claims/good.parquet", File.ReadAllBytes(Path.Combine(ReadHelpers.SampleRoot, "claims/claims_part_2.parquet")));
        var error = await Assert.ThrowsAsync<InputFileException>(() => ReadHelpers.ReadAsync(temp.Root, "claims/bad.parquet", DatasetCatalog.Claims));
        Assert.Equal(InputFileErrorKind.Corrupt, error.Kind);
        Assert.Contains("claims/bad.parquet", error.Message, StringComparison.Ordinal);
        Assert.Equal(1000, (await ReadHelpers.ReadAsync(temp.Root, "claims/good.parquet", DatasetCatalog.Claims)).Rows.Count);
    }

    [Fact]
    public async Task Parquet_row_group_that_cannot_be_decoded_is_quarantined_row_by_row()
    {
        using var temp = new TempFolder();
        var ds = DatasetCatalog.Claims;
        var rows = Enumerable.Range(0, 1000).Select(i => new object?[]
        {
            $"c{i}", $"p{i}", $"v{i}", i * 1.5, "2024-01-02", $"D{i}", $"P{i}", "Approved", "T", "Online",
        }).ToList();
        var path = Path.Combine(temp.Root, "claims", "c.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var stream = File.Create(path))
        {
            await Kardiaflow.Lakehouse.Parquet.ParquetFileWriter.WriteAsync(stream, ds.RawSchema, rows, null, CancellationToken.None, rowGroupSize: 100);
        }

        var bytes = File.ReadAllBytes(path);
        Array.Fill(bytes, (byte)0xFF, bytes.Length / 2, 256);
        File.WriteAllBytes(path, bytes);
        var result = await ReadHelpers.ReadAsync(temp.Root, "claims/c.parquet", ds);
        Assert.Equal(1000, result.Counts.RecordsRead);
        Assert.NotEmpty(result.Quarantined);
        Assert.True(result.Quarantined.Count % 100 == 0, $"{result.Quarantined.Count} quarantined");
        Assert.All(result.Quarantined, q => Assert.Contains("row group", q.Reason, StringComparison.Ordinal));
        Assert.Contains(result.Rows, r => (string)r[0]! == "c0");
        Assert.Contains(result.Rows, r => (string)r[0]! == "c999");
    }

    [Fact]
    public async Task Unterminated_quote_quarantines_the_rest_of_the_file_as_one_record()
    {
        using var temp = new TempFolder();
        temp.Write("providers/q.csv", ProvidersHeader + "p1,Cardiology,Town\np2,\"Oncology,Town\np3,Derm,City\n");
        var result = await ReadHelpers.ReadAsync(temp.Root, "providers/q.csv", Providers);
        Assert.Equal("p1", Assert.Single(result.Rows)[0]);
        var bad = Assert.Single(result.Quarantined);
        Assert.Equal(2, bad.SourceRow);
        Assert.Contains("never closed", bad.Reason, StringComparison.Ordinal);
        Assert.Equal("p2,\"Oncology,Town\np3,Derm,City", bad.Raw);
    }

    [Fact]
    public async Task Rows_with_too_few_or_too_many_fields_are_quarantined_with_counts()
    {
        using var temp = new TempFolder();
        temp.Write("providers/n.tsv", "ProviderID\tProviderSpecialty\tProviderLocation\np1\tA\tX\np2\tB\np3\tC\tY\tZ\np4\tD\tW\n");
        var result = await ReadHelpers.ReadAsync(temp.Root, "providers/n.tsv", Providers);
        Assert.Equal(["p1", "p4"], result.Rows.Select(r => (string)r[0]!));
        Assert.Equal([2L, 3L], result.Quarantined.Select(q => q.SourceRow));
        Assert.Equal("Structurally broken record: expected 3 fields as in the header, found 2.", result.Quarantined[0].Reason);
        Assert.Contains("found 4", result.Quarantined[1].Reason, StringComparison.Ordinal);
        Assert.Equal("p3\tC\tY\tZ", result.Quarantined[1].Raw);
        Assert.Equal(4L, result.Rows[1][Providers.RawColumnCount + AuditColumns.SourceRowOffset]);
    }

    [Theory]
    [InlineData("[1,2]", "array")]
    [InlineData("\"text\"", "string")]
    [InlineData("42", "number")]
    [InlineData("{\"ProviderID\": \"p9\"", "not valid JSON")]
    [InlineData("{\"ProviderID\": \"p9\"} trailing", "JSON")]
    [InlineData("not json at all", "not valid JSON")]
    public async Task Jsonl_line_that_is_not_an_object_is_quarantined(string line, string reasonPart)
    {
        using var temp = new TempFolder();
        temp.Write("providers/p.jsonl", "{\"ProviderID\":\"p1\"}\n" + line + "\n{\"ProviderID\":\"p3\"}\n");
        var result = await ReadHelpers.ReadAsync(temp.Root, "providers/p.jsonl", Providers);
        Assert.Equal(["p1", "p3"], result.Rows.Select(r => (string)r[0]!));
        var bad = Assert.Single(result.Quarantined);
        Assert.Equal(2, bad.SourceRow);
        Assert.Contains(reasonPart, bad.Reason, StringComparison.Ordinal);
        Assert.Equal(line, bad.Raw);
        Assert.Equal(3L, result.Rows[1][Providers.RawColumnCount + AuditColumns.SourceRowOffset]);
    }

    [Fact]
    public async Task Invalid_utf8_line_is_quarantined()
    {
        using var temp = new TempFolder();
        var bytes = Encoding.UTF8.GetBytes("{\"ProviderID\":\"p1\"}\n{\"ProviderID\":\"p")
            .Concat(new byte[] { 0xC3, 0x28, 0xFF })
            .Concat(Encoding.UTF8.GetBytes("\"}\n{\"ProviderID\":\"p3\"}"))
            .ToArray();
        temp.Write("providers/u.jsonl", bytes);
        var result = await ReadHelpers.ReadAsync(temp.Root, "providers/u.jsonl", Providers);
        Assert.Equal(2, result.Rows.Count);
        var bad = Assert.Single(result.Quarantined);
        Assert.Equal("The line is not valid UTF-8 text.", bad.Reason);
        Assert.StartsWith("{\"ProviderID\":\"p", bad.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_type_goes_to_rescued_data_and_the_column_is_null()
    {
        using var temp = new TempFolder();
        temp.Write("encounters/e.csv", "ID,DATE,PATIENT,CODE,DESCRIPTION,REASONCODE,REASONDESCRIPTION\ne1,2020-01-01,pa,abc,Visit,NaN,\ne2,2020-01-02,pa,12,Visit,1.5e3,Why\n");
        var e = DatasetCatalog.Encounters;
        var result = await ReadHelpers.ReadAsync(temp.Root, "encounters/e.csv", e);
        Assert.Null(result.Value(0, "CODE", e));
        Assert.Equal("{\"CODE\":\"abc\"}", result.Value(0, AuditColumns.RescuedData, e));
        Assert.True(double.IsNaN((double)result.Value(0, "REASONCODE", e)!));
        Assert.Null(result.Value(0, "REASONDESCRIPTION", e));
        Assert.Equal(12L, result.Value(1, "CODE", e));
        Assert.Equal(1500d, result.Value(1, "REASONCODE", e));
        Assert.Null(result.Value(1, AuditColumns.RescuedData, e));
    }

    [Fact]
    public async Task Wrong_json_types_are_rescued_verbatim()
    {
        using var temp = new TempFolder();
        temp.Write("feedback/f.jsonl", "{\"feedback_id\":\"f1\",\"satisfaction_score\":\"five\",\"visit_id\":17,\"tags\":\"solo\",\"metadata\":{\"a\": 1, \"b\": \"é\"},\"extra\":{\"k\":[1,2]}}\n");
        var f = DatasetCatalog.Feedback;
        var result = await ReadHelpers.ReadAsync(temp.Root, "feedback/f.jsonl", f);
        Assert.Null(result.Value(0, "satisfaction_score", f));
        Assert.Equal("17", result.Value(0, "visit_id", f));
        Assert.Null(result.Value(0, "tags", f));
        Assert.Equal("{\"a\":1,\"b\":\"é\"}", result.Value(0, "metadata_json", f));
        Assert.Equal("{\"satisfaction_score\":\"five\",\"tags\":\"solo\",\"extra\":{\"k\":[1,2]}}", result.Value(0, AuditColumns.RescuedData, f));
    }

    [Fact]
    public async Task Unknown_columns_go_to_rescued_data_and_binding_ignores_case()
    {
        using var temp = new TempFolder();
        temp.Write("providers/x.csv", "providerid,Color,PROVIDERSPECIALTY\np1,blue,Cardiology\np2,,Derm\n");
        var result = await ReadHelpers.ReadAsync(temp.Root, "providers/x.csv", Providers);
        Assert.Equal("Cardiology", result.Value(0, "ProviderSpecialty", Providers));
        Assert.Null(result.Value(0, "ProviderLocation", Providers));
        Assert.Equal("{\"Color\":\"blue\"}", result.Value(0, AuditColumns.RescuedData, Providers));
        Assert.Null(result.Value(1, AuditColumns.RescuedData, Providers));
    }

    [Fact]
    public async Task Null_or_empty_primary_key_is_quarantined()
    {
        using var temp = new TempFolder();
        temp.Write("providers/k.csv", ProvidersHeader + ",A,X\n\"\",B,Y\n  ,C,Z\np4,D,W\n");
        temp.Write("providers/k.jsonl", "{\"ProviderID\":null}\n{\"ProviderSpecialty\":\"A\"}\n{\"ProviderID\":\"p3\"}\n");
        var csv = await ReadHelpers.ReadAsync(temp.Root, "providers/k.csv", Providers);
        Assert.Single(csv.Rows);
        Assert.Equal([1L, 2L, 3L], csv.Quarantined.Select(q => q.SourceRow));
        Assert.All(csv.Quarantined, q => Assert.Equal("The primary key ProviderID is null or empty.", q.Reason));
        Assert.Equal(",A,X", csv.Quarantined[0].Raw);
        var jsonl = await ReadHelpers.ReadAsync(temp.Root, "providers/k.jsonl", Providers);
        Assert.Single(jsonl.Rows);
        Assert.Equal(2, jsonl.Quarantined.Count);
    }

    [Fact]
    public async Task Ten_MiB_lines_are_read_in_csv_and_jsonl()
    {
        using var temp = new TempFolder();
        var big = new string('x', 10 * 1024 * 1024);
        temp.Write("providers/big.csv", ProvidersHeader + "p1,A,X\np2,A," + big + "\np3,B,Y\n");
        temp.Write("providers/big.jsonl", "{\"ProviderID\":\"p1\"}\n{\"ProviderID\":\"p2\",\"ProviderLocation\":\"" + big + "\"}\n{\"ProviderID\":\"p3\"}\n");
        foreach (var path in new[] { "providers/big.csv", "providers/big.jsonl" })
        {
            var result = await ReadHelpers.ReadAsync(temp.Root, path, Providers);
            Assert.Equal(3, result.Rows.Count);
            Assert.Equal(big.Length, ((string)result.Value(1, "ProviderLocation", Providers)!).Length);
        }
    }

    [Fact]
    public async Task Lines_over_the_limit_are_quarantined_in_jsonl_and_in_csv_and_the_file_goes_on()
    {
        using var temp = new TempFolder();
        var big = new string('x', 3 * 1024 * 1024);
        temp.Write("providers/big.jsonl", "{\"ProviderID\":\"p1\"}\n{\"ProviderID\":\"p2\",\"ProviderLocation\":\"" + big + "\"}\n{\"ProviderID\":\"p3\"}\n");
        temp.Write("providers/big.csv", ProvidersHeader + "p1,A,X\np2,A," + big + "\np3,B,Y\n");
        var options = new RawReaderOptions { MaxJsonLineBytes = 1024 * 1024, MaxCsvRecordChars = 1024 * 1024 };
        var jsonl = await ReadHelpers.ReadAsync(temp.Root, "providers/big.jsonl", Providers, options: options);
        Assert.Equal(["p1", "p3"], jsonl.Rows.Select(r => (string)r[0]!));
        var bad = Assert.Single(jsonl.Quarantined);
        Assert.Equal(2, bad.SourceRow);
        Assert.Equal(QuarantineColumns.MaxRawChars, bad.Raw!.Length);
        Assert.Equal(3L, jsonl.Rows[1][Providers.RawColumnCount + AuditColumns.SourceRowOffset]);
        var csv = await ReadHelpers.ReadAsync(temp.Root, "providers/big.csv", Providers, options: options);
        Assert.Equal(["p1", "p3"], csv.Rows.Select(r => (string)r[0]!));
        var tooLarge = Assert.Single(csv.Quarantined);
        Assert.Equal(2, tooLarge.SourceRow);
        Assert.Contains("character limit", tooLarge.Reason, StringComparison.Ordinal);
        Assert.Equal(QuarantineColumns.MaxRawChars, tooLarge.Raw!.Length);
        Assert.Equal(3L, csv.Rows[1][Providers.RawColumnCount + AuditColumns.SourceRowOffset]);
    }

    [Fact]
    public async Task A_quoted_csv_record_over_the_limit_with_line_breaks_inside_quarantines_as_one_record()
    {
        using var temp = new TempFolder();
        var big = string.Concat(Enumerable.Repeat("line\n", 400_000));
        temp.Write("providers/quoted.csv", ProvidersHeader + "p1,A,X\np2,A,\"" + big + "\"\np3,B,Y\n");
        var options = new RawReaderOptions { MaxCsvRecordChars = 1024 * 1024 };
        var csv = await ReadHelpers.ReadAsync(temp.Root, "providers/quoted.csv", Providers, options: options);
        Assert.Equal(["p1", "p3"], csv.Rows.Select(r => (string)r[0]!));
        Assert.Equal(2, Assert.Single(csv.Quarantined).SourceRow);
    }

    [Fact]
    public async Task Unknown_extension_is_a_clear_error_naming_the_file()
    {
        using var temp = new TempFolder();
        temp.Write("providers/notes.xlsx", "x");
        temp.Write("providers/good.csv", ProvidersHeader + "p1,A,X\n");
        var error = Assert.Throws<InputFileException>(() => SourceFiles.Resolve(temp.Root, "providers/notes.xlsx"));
        Assert.Equal(InputFileErrorKind.UnsupportedFormat, error.Kind);
        Assert.Contains("providers/notes.xlsx", error.Message, StringComparison.Ordinal);
        var files = SubmissionScanner.Scan(temp.Root);
        Assert.Equal(2, files.Count);
        Assert.True(files.Single(f => f.RelativePath == "providers/good.csv").IsIngestible);
        Assert.Contains("unsupported file extension", files.Single(f => f.RelativePath == "providers/notes.xlsx").Problem, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public void Symlink_pointing_outside_the_folder_is_rejected()
    {
        using var temp = new TempFolder();
        using var outside = new TempFolder();
        outside.Write("secret.csv", ProvidersHeader + "p1,A,X\n");
        Directory.CreateDirectory(Path.Combine(temp.Root, "providers"));
        File.CreateSymbolicLink(Path.Combine(temp.Root, "providers", "link.csv"), Path.Combine(outside.Root, "secret.csv"));
        Directory.CreateSymbolicLink(Path.Combine(temp.Root, "claims"), outside.Root);
        temp.Write("providers/inside.csv", ProvidersHeader + "p1,A,X\n");
        File.CreateSymbolicLink(Path.Combine(temp.Root, "providers", "alias.csv"), Path.Combine(temp.Root, "providers", "inside.csv"));

        var error = Assert.Throws<InputFileException>(() => SourceFiles.Resolve(temp.Root, "providers/link.csv"));
        Assert.Equal(InputFileErrorKind.OutsideSubmission, error.Kind);
        Assert.Contains("providers/link.csv", error.Message, StringComparison.Ordinal);
        Assert.Equal(InputFileErrorKind.OutsideSubmission, Assert.Throws<InputFileException>(() => SourceFiles.Resolve(temp.Root, "claims/secret.csv")).Kind);
        Assert.Equal(InputFileErrorKind.OutsideSubmission, Assert.Throws<InputFileException>(() => SourceFiles.Resolve(temp.Root, "../x.csv")).Kind);
        Assert.Equal("providers/alias.csv", SourceFiles.Resolve(temp.Root, "providers/alias.csv").RelativePath);

        var files = SubmissionScanner.Scan(temp.Root);
        Assert.False(files.Single(f => f.RelativePath == "providers/link.csv").IsIngestible);
        Assert.True(files.Single(f => f.RelativePath == "providers/inside.csv").IsIngestible);
    }

    [Fact]
    public async Task Content_hash_is_stable_and_changes_with_content()
    {
        using var temp = new TempFolder();
        temp.Write("providers/a.csv", ProvidersHeader + "p1,A,X\n");
        temp.Write("providers/b.csv", ProvidersHeader + "p1,A,X\n");
        temp.Write("providers/c.csv", ProvidersHeader + "p1,A,Y\n");
        async Task<string> Hash(string p) => await SourceFiles.ComputeSha256Async(SourceFiles.Resolve(temp.Root, p), CancellationToken.None);
        Assert.Equal(await Hash("providers/a.csv"), await Hash("providers/b.csv"));
        Assert.NotEqual(await Hash("providers/a.csv"), await Hash("providers/c.csv"));
        Assert.Equal(64, (await Hash("providers/a.csv")).Length);
    }

    [Fact]
    public async Task Bom_crlf_and_blank_lines_do_not_make_records()
    {
        using var temp = new TempFolder();
        temp.Write("providers/b.csv", "\uFEFFProviderID,ProviderSpecialty,ProviderLocation\r\n\r\np1,A,X\r\n\r\np2,B,Y\r\n\r\n");
        var result = await ReadHelpers.ReadAsync(temp.Root, "providers/b.csv", Providers);
        Assert.Equal(["p1", "p2"], result.Rows.Select(r => (string)r[0]!));
        Assert.Equal("X", result.Value(0, "ProviderLocation", Providers));
        Assert.Equal(2L, result.Rows[1][Providers.RawColumnCount + AuditColumns.SourceRowOffset]);
        Assert.Equal(2, result.Counts.RecordsRead);
    }
}
