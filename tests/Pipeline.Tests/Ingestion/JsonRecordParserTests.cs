using System.Text;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;

namespace Kardiaflow.Pipeline.Tests.Ingestion;

public sealed class JsonRecordParserTests
{
    [Fact]
    public async Task Events_give_the_same_rows_as_the_jsonl_file()
    {
        var f = DatasetCatalog.Feedback;
        var path = Path.Combine(ReadHelpers.SampleRoot, "feedback/feedback_part_1.jsonl");
        var fromFile = await ReadHelpers.ReadAsync(ReadHelpers.SampleRoot, "feedback/feedback_part_1.jsonl", f);
        using var parser = new JsonRecordParser(f, "feedback/feedback_part_1.jsonl");
        var sequence = 0L;
        foreach (var line in await File.ReadAllLinesAsync(path))
        {
            parser.Add(Encoding.UTF8.GetBytes(line), ++sequence);
        }

        var batch = parser.TakeBatch();
        Assert.Equal(RowText.Of(fromFile), RowText.Of(new ReadResult([.. batch.Rows], [.. batch.Quarantined], parser.Counts)));
    }

    [Fact]
    public void A_bad_event_is_quarantined_with_its_sequence_number()
    {
        using var parser = new JsonRecordParser(DatasetCatalog.Providers, "eventhubs/kardia/0");
        parser.Add("{\"ProviderID\":\"p1\",\"x\":1}"u8, 10);
        parser.Add("[1]"u8, 11);
        var batch = parser.TakeBatch();
        var row = Assert.Single(batch.Rows);
        Assert.Equal("{\"x\":1}", row[^1]);
        Assert.Equal(10L, row[DatasetCatalog.Providers.RawColumnCount + AuditColumns.SourceRowOffset]);
        Assert.Equal("eventhubs/kardia/0", row[DatasetCatalog.Providers.RawColumnCount + AuditColumns.SourceFileOffset]);
        Assert.Equal(11, Assert.Single(batch.Quarantined).SourceRow);
        Assert.Equal(new RecordCounts(2, 1, 1), parser.Counts);
    }
}
