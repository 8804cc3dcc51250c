using Kardiaflow.Grains.Abstractions.Streaming;

namespace Kardiaflow.Cluster.Tests.Arrivals;

/// <summary>
/// docs/data-contract.md (Bronze, Streamed arrivals) for events: each kind of bad event lands in quarantine with its reason and nothing else is lost; a
/// redelivered event never adds a second row. Real grains on a two-silo cluster, real Delta tables.
/// </summary>
public sealed class BadEventTests(ArrivalsClusterFixture fixture) : IClassFixture<ArrivalsClusterFixture>
{
    private const string Claim = """{"ClaimID":"C1","PatientID":"P1","ProviderID":"PR1","ClaimAmount":12.5,"ClaimDate":"2024-01-02"}""";

    [Theory]
    [InlineData("not-json", "claims", "{\"ClaimID\": ", "_quarantine/bad_claims", "The line is not valid JSON")]
    [InlineData("not-object", "claims", "[1, 2, 3]", "_quarantine/bad_claims", "The line is a JSON array, not a JSON object.")]
    [InlineData("null-key", "claims", "{\"ClaimID\": null, \"ClaimAmount\": 3}", "_quarantine/bad_claims", "The primary key ClaimID is null or empty.")]
    [InlineData("missing-dataset", null, Claim, "_quarantine/bad_events", "The event has no dataset property.")]
    [InlineData("unknown-dataset", "invoices", Claim, "_quarantine/bad_events", "names no known dataset")]
    public async Task A_bad_event_is_quarantined_with_its_reason_and_its_neighbours_land_in_Bronze(string kind, string? dataset, string body, string table, string reason)
    {
        var hub = "bad-" + kind;
        var grain = fixture.Cluster.Client.GetGrain<IArrivalsGrain>(ArrivalStreams.Key(hub, "0"));
        var result = await grain.IngestAsync(
        [
            ArrivalEvents.Json(0, "claims", Claim.Replace("C1", kind + "-before", StringComparison.Ordinal)),
            ArrivalEvents.Json(1, dataset, body),
            ArrivalEvents.Json(2, "claims", Claim.Replace("C1", kind + "-after", StringComparison.Ordinal)),
        ]);

        Assert.Equal(new ArrivalBatchResult(2, 1, 0), result);
        var quarantined = (await LakeTables.ReadAsync(fixture.Cluster.Lake, table)).Rows
            .Where(r => (string)r[0]! == "eventhubs/" + hub + "/0").ToList();
        var row = Assert.Single(quarantined);
        Assert.Equal(1L, row[1]);
        Assert.Contains(reason, (string)row[4]!, StringComparison.Ordinal);
        Assert.Equal(body, row[5]);
        var bronze = await LakeTables.ReadAsync(fixture.Cluster.Lake, "bronze/bronze_claims");
        Assert.Equal([0L, 2L], bronze.Rows.Where(r => (string)r[^4]! == "eventhubs/" + hub + "/0").Select(r => (long)r[^3]!).Order());
    }

    [Fact]
    public async Task A_dataset_property_that_is_not_a_string_is_quarantined()
    {
        var grain = fixture.Cluster.Client.GetGrain<IArrivalsGrain>(ArrivalStreams.Key("bad-type", "0"));
        var arrived = ArrivalEvents.Json(0, null, Claim) with { DatasetPropertyType = "Int32" };
        Assert.Equal(new ArrivalBatchResult(0, 1, 0), await grain.IngestAsync([arrived]));
        var row = Assert.Single((await LakeTables.ReadAsync(fixture.Cluster.Lake, "_quarantine/bad_events")).Rows, r => (string)r[0]! == "eventhubs/bad-type/0");
        Assert.Equal("The event's dataset property is of type Int32, not a string.", row[4]);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_rescued_as_in_a_JSONL_file_not_quarantined()
    {
        var grain = fixture.Cluster.Client.GetGrain<IArrivalsGrain>(ArrivalStreams.Key("wrong-type", "0"));
        var body = """{"ClaimID":"WT1","ClaimAmount":"twelve","Extra":1}""";
        Assert.Equal(new ArrivalBatchResult(1, 0, 0), await grain.IngestAsync([ArrivalEvents.Json(7, "claims", body)]));
        var bronze = await LakeTables.ReadAsync(fixture.Cluster.Lake, "bronze/bronze_claims");
        var row = Assert.Single(bronze.Rows, r => (string?)r[0] == "WT1");
        Assert.Null(row[bronze.Columns.ToList().IndexOf("ClaimAmount")]);
        Assert.Equal("""{"ClaimAmount":"twelve","Extra":1}""", row[bronze.Columns.ToList().IndexOf("_rescued_data")]);
        Assert.Equal(7L, row[bronze.Columns.ToList().IndexOf("_source_row")]);
        Assert.Equal("eventhubs/wrong-type/0", row[bronze.Columns.ToList().IndexOf("_source_file")]);
        Assert.Equal("eventhubs-wrong-type-0-7-7", row[bronze.Columns.ToList().IndexOf("_batch_id")]);
    }

    [Fact]
    public async Task Redelivered_and_overlapping_batches_add_each_event_once()
    {
        var grain = fixture.Cluster.Client.GetGrain<IArrivalsGrain>(ArrivalStreams.Key("redelivery", "3"));
        var events = Enumerable.Range(0, 15)
            .Select(i => ArrivalEvents.Json(i, i % 2 == 0 ? "providers" : "claims", i % 2 == 0
                ? $$"""{"ProviderID":"RD{{i}}","ProviderSpecialty":"x"}"""
                : $$"""{"ClaimID":"RD{{i}}"}"""))
            .ToList();
        Assert.Equal(new ArrivalBatchResult(10, 0, 0), await grain.IngestAsync(events[..10]));
        Assert.Equal(new ArrivalBatchResult(0, 0, 10), await grain.IngestAsync(events[..10]));
        Assert.Equal(new ArrivalBatchResult(5, 0, 5), await grain.IngestAsync(events[5..]));

        var rows = new List<long>();
        foreach (var table in new[] { "bronze/bronze_providers", "bronze/bronze_claims" })
        {
            var contents = await LakeTables.ReadAsync(fixture.Cluster.Lake, table);
            rows.AddRange(contents.Sources().Where(s => s.File == "eventhubs/redelivery/3").Select(s => s.Row));
        }

        Assert.Equal(Enumerable.Range(0, 15).Select(i => (long)i), rows.Order());
        var status = await grain.GetStatusAsync();
        Assert.Equal(14, status.CommittedSequenceNumber);
        Assert.Equal(15, status.BronzeRows);
    }
}
