using System.Text;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;
using Kardiaflow.Tests.Shared.Fuzz;

namespace Kardiaflow.Pipeline.Tests.Ingestion.Fuzz;

/// <summary>One regression case per bug the input fuzzer found (docs/reliability.md, Hostile input); each failed before its fix.</summary>
public sealed class FuzzFindingsTests
{
    private const string ProvidersCsv = "ProviderID,ProviderSpecialty,ProviderLocation\n";
    private static readonly DatasetDefinition Providers = DatasetCatalog.Providers;

    [Fact]
    public async Task A_quoted_field_with_text_after_its_closing_quote_quarantines_its_record_only()
    {
        // Before: the strict parser threw, and the reader took it for an unclosed quote: p2..p4 went into one quarantined "record".
        using var temp = new TempFolder();
        temp.Write("providers/q.csv", ProvidersCsv + "p1,\"Card\"iology,Town\np2,Derm,City\np3,\"Onc, Heme\",Here\np4,A,B\n");
        var result = await ReadHelpers.ReadAsync(temp.Root, "providers/q.csv", Providers);
        Assert.Equal(["p2", "p3", "p4"], result.Rows.Select(r => (string)r[0]!));
        Assert.Equal("Onc, Heme", result.Rows[1][1]);
        var bad = Assert.Single(result.Quarantined);
        Assert.Equal(1, bad.SourceRow);
        Assert.Contains("text after its closing quote", bad.Reason, StringComparison.Ordinal);
        Assert.Equal("p1,\"Card\"iology,Town", bad.Raw);
    }

    [Fact]
    public async Task A_header_with_a_broken_quote_refuses_the_file_instead_of_reading_no_records()
    {
        using var temp = new TempFolder();
        temp.Write("providers/h.csv", "ProviderID,\"ProviderSpecialty,ProviderLocation\np1,A,B\n");
        var error = await Assert.ThrowsAsync<InputFileException>(() => ReadHelpers.ReadAsync(temp.Root, "providers/h.csv", Providers));
        Assert.Equal(InputFileErrorKind.Corrupt, error.Kind);
        Assert.Contains("providers/h.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lone_carriage_return_gives_the_same_records_whole_and_by_parts()
    {
        // Before: the planner cut at '\n' only while the parser ends a record at a lone '\r' (in its scalar path, not its
        // vectorised one): parts numbered rows twice.
        using var temp = new TempFolder();
        var text = new StringBuilder(ProvidersCsv);
        for (var i = 0; i < 300; i++)
        {
            // A quote early in the line sends the parser down its scalar path, where the lone '\r' ends the record.
            text.Append(i == 150 ? $"p{i},\"Cardiology\",Pedi\ratrics town\n" : $"p{i},Cardiology,Town\n");
        }

        temp.Write("providers/cr.csv", text.ToString());
        await AssertPartsEqualWholeAsync(temp.Root, "providers/cr.csv", Providers, 512);
    }

    [Fact]
    public async Task A_byte_order_mark_at_the_start_of_a_later_part_is_data_as_in_the_whole_read()
    {
        // Before: a part starting at "EF BB BF" dropped it (StreamReader's BOM detection), so its key differed from the whole read's.
        using var temp = new TempFolder();
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(ProvidersCsv));
        for (var i = 0; i < 200; i++)
        {
            if (i == 100)
            {
                bytes.AddRange([0xEF, 0xBB, 0xBF]);
            }

            bytes.AddRange(Encoding.UTF8.GetBytes($"p{i},Cardiology,Town\n"));
        }

        temp.Write("providers/bom.csv", [.. bytes]);
        await AssertPartsEqualWholeAsync(temp.Root, "providers/bom.csv", Providers, 1);
    }

    [Fact]
    public async Task A_record_over_the_limit_at_the_start_of_a_part_is_quarantined_and_a_header_over_it_refuses_the_file()
    {
        // Before: the parser reads a part's first record when it is created, and its CsvRecordTooLargeException escaped the reader.
        using var temp = new TempFolder();
        var huge = new string('x', FuzzGenerator.SmallLimit + 10);
        temp.Write("providers/big.csv", ProvidersCsv + "p1,A,B\n" + $"p2,{huge},B\n" + "p3,A,B\n");
        var parts = await FuzzReader.ReadAsync(temp.Root, "providers/big.csv", Providers, FuzzOracle.SmallLimits, 1, CancellationToken.None);
        Assert.Empty(parts.Problems);
        Assert.Equal([false, true, false], parts.Records.Select(r => r.Quarantined));
        Assert.Contains("limit", parts.Records[1].Content, StringComparison.Ordinal);

        temp.Write("providers/bighead.csv", $"ProviderID,{huge}\np1,A\n");
        var refused = await FuzzReader.ReadAsync(temp.Root, "providers/bighead.csv", Providers, FuzzOracle.SmallLimits, null, CancellationToken.None);
        Assert.Equal(InputFileErrorKind.RecordTooLarge, refused.Refused?.Kind);
    }

    [Fact]
    public async Task A_lone_surrogate_escape_in_jsonl_is_quarantined_and_the_file_goes_on()
    {
        // Before: Utf8JsonReader.GetString threw InvalidOperationException, which escaped the reader.
        using var temp = new TempFolder();
        temp.Write("feedback/s.jsonl", "{\"feedback_id\":\"f1\",\"comments\":\"\\ud800\"}\n{\"feedback_id\":\"f2\",\"comments\":\"ok\"}\n{\"\\udc00\":1,\"feedback_id\":\"f3\"}\n");
        var result = await ReadHelpers.ReadAsync(temp.Root, "feedback/s.jsonl", DatasetCatalog.Feedback);
        Assert.Equal("f2", Assert.Single(result.Rows)[0]);
        Assert.Equal([1L, 3L], result.Quarantined.Select(q => q.SourceRow));
        Assert.All(result.Quarantined, q => Assert.Contains("lone surrogate", q.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Avro_with_a_damaged_schema_is_refused_naming_the_file()
    {
        // Before: the schema's JSON parser (Newtonsoft) threw its own exception type, which escaped the reader.
        using var temp = new TempFolder();
        var bytes = AvroBase(200);
        bytes[296] ^= 1; // seed 1 case 518: one bit of the schema's JSON
        temp.Write("encounters/s.avro", bytes);
        var error = await Assert.ThrowsAsync<InputFileException>(() => ReadHelpers.ReadAsync(temp.Root, "encounters/s.avro", DatasetCatalog.Encounters));
        Assert.Equal(InputFileErrorKind.Corrupt, error.Kind);
        Assert.Contains("encounters/s.avro", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_Avro_block_inside_a_part_does_not_make_the_part_read_the_next_part()
    {
        // Before: after quarantining a bad block the part sought to the next block even when it was another part's, and
        // read it too (seed 1 case 513: 215 records from a 200-record file).
        using var temp = new TempFolder();
        var bytes = AvroBase(200);
        // Seed 1 case 513: one block's data damaged, and the last block's.
        Array.Fill(bytes, (byte)0xFF, 5692, 13);
        byte[] varint = [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F];
        varint.CopyTo(bytes, 8606);
        temp.Write("encounters/b.avro", bytes);
        var target = Math.Max(64, bytes.Length / 3);

        var whole = await FuzzReader.ReadAsync(temp.Root, "encounters/b.avro", DatasetCatalog.Encounters, RawReaderOptions.Default, null, CancellationToken.None);
        var split = await FuzzReader.ReadAsync(temp.Root, "encounters/b.avro", DatasetCatalog.Encounters, RawReaderOptions.Default, target, CancellationToken.None);
        Assert.Empty(whole.Problems);
        Assert.Empty(split.Problems);
        Assert.Equal(200, whole.Counts.RecordsRead);
        Assert.True((await FilePartPlanner.PlanAsync(temp.Root, "encounters/b.avro", target, CancellationToken.None)).Count >= 2);
        Assert.Equal(whole.Records, split.Records);
        Assert.Contains(whole.Records, r => r.Quarantined);
    }

    [Fact]
    public async Task An_Avro_block_claiming_more_records_than_its_bytes_can_hold_refuses_the_file()
    {
        // A hostile block header (count 2^62, framing otherwise intact) would have made the reader quarantine 2^62 rows.
        using var temp = new TempFolder();
        var original = AvroBase(12);
        var blocks = await PlanBlocksAsync(temp, original);
        var start = (int)blocks[0].Start == 0 ? (int)blocks[1].Start : (int)blocks[0].Start;
        var countLength = 0;
        while ((original[start + countLength] & 0x80) != 0)
        {
            countLength++;
        }

        countLength++;
        byte[] huge = [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]; // zig-zag of 2^62 - 1
        var forged = original[..start].Concat(huge).Concat(original[(start + countLength)..]).ToArray();
        // The block's data must fail to decode for the count to matter: damage it.
        Array.Fill(forged, (byte)0xFF, start + huge.Length + 4, 16);
        temp.Write("encounters/huge.avro", forged);

        var read = FuzzReader.ReadAsync(temp.Root, "encounters/huge.avro", DatasetCatalog.Encounters, RawReaderOptions.Default, null, CancellationToken.None);
        var trace = await read.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(InputFileErrorKind.Corrupt, trace.Refused?.Kind);
        Assert.Contains("claims", trace.Refused!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, "fill 4014 18 F4; flip 594 40")] // seed 4240458190136481377 case 3516: a varint running off the footer's end
    [InlineData(200, "fill 11230 17 2D; varint 38154 5")] // case 325: a list count far beyond the footer
    public async Task A_damaged_Parquet_footer_is_refused_instead_of_hanging_the_reader(int rows, string damage)
    {
        // Before: Parquet.Net's Thrift reader looped forever reading past the footer's end (the long fuzz run's 5 hangs).
        using var temp = new TempFolder();
        var bytes = (byte[])FuzzBases.For(ReadHelpers.SampleRoot).Parquet.First(p => p.Records == rows).Bytes.Clone();
        foreach (var step in damage.Split("; "))
        {
            var parts = step.Split(' ');
            var at = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            var n = int.Parse(parts[2], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            switch (parts[0])
            {
                case "fill":
                    Array.Fill(bytes, Convert.FromHexString(parts[3])[0], at, int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "flip":
                    bytes[at] ^= (byte)n;
                    break;
                default:
                    byte[] varint = [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F];
                    var length = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
                    for (var i = 0; i < length; i++)
                    {
                        bytes[at + i] = i == length - 1 ? (byte)0x7F : varint[i];
                    }

                    break;
            }
        }

        temp.Write("claims/f.parquet", bytes);
        var read = Task.Run(() => FuzzReader.ReadAsync(temp.Root, "claims/f.parquet", DatasetCatalog.Claims, RawReaderOptions.Default, null, CancellationToken.None));
        var trace = await read.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(InputFileErrorKind.Corrupt, trace.Refused?.Kind);
        Assert.Contains("claims/f.parquet", trace.Refused!.Message, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<FilePart>> PlanBlocksAsync(TempFolder temp, byte[] bytes)
    {
        temp.Write("encounters/plan.avro", bytes);
        var parts = await FilePartPlanner.PlanAsync(temp.Root, "encounters/plan.avro", 1, CancellationToken.None);
        // Part 0 starts at the header; its first block starts where the header ends, which the second cut shows for one-block parts.
        return parts.Count > 1 ? parts.Skip(1).ToList() : throw new InvalidOperationException("expected several blocks");
    }

    private static byte[] AvroBase(int records) =>
        (byte[])FuzzBases.For(ReadHelpers.SampleRoot).Avro.First(a => a.Records == records && a.Name.Contains(records == 200 ? "Deflate" : "Null", StringComparison.Ordinal)).Bytes.Clone();

    private static async Task AssertPartsEqualWholeAsync(string root, string path, DatasetDefinition dataset, long target)
    {
        var whole = await FuzzReader.ReadAsync(root, path, dataset, RawReaderOptions.Default, null, CancellationToken.None);
        var parts = await FuzzReader.ReadAsync(root, path, dataset, RawReaderOptions.Default, target, CancellationToken.None);
        Assert.Empty(whole.Problems);
        Assert.Empty(parts.Problems);
        Assert.Equal(whole.Records, parts.Records);
    }
}
