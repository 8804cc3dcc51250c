using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Silver;
using Kardiaflow.Tests.Shared;

namespace Kardiaflow.Cluster.Tests.Silver;

/// <summary>
/// Three checked-in submissions (tests/Cluster.Tests/SilverData) with what the sample lacks: SCD2 changes, a claim
/// arriving again, a patient after its encounters, an encounter after its feedback, duplicate feedback, naive and offset
/// timestamps, null keys. After each one the enriched tables must equal a from-scratch join.
/// </summary>
public sealed class SilverScenarioTests
{
    [Fact]
    public async Task Incremental_Silver_equals_recomputation_after_every_submission_and_replays_change_nothing()
    {
        // Tiny batches: every Bronze version is a batch of its own, and a dimension refresh re-enriches its rows two at
        // a time (several MERGEs, the last with the txn), as a large lake would.
        await using var cluster = await KardiaflowTestCluster.StartAsync(1, new Dictionary<string, string?> { ["Kardiaflow:Silver:MaxRowsPerBatch"] = "2" });
        var lake = cluster.Lake;

        var first = await SilverRun.SubmitAndWaitAsync(cluster, "scenario-1", SilverRun.CopySubmission("sub1"));
        await SilverOracle.AssertEnrichedEqualsJoinAsync(lake);
        var encounters = await Rows(lake, SilverTables.EncountersEnriched, "encounter_id");
        Assert.Equal(["E1", "E2", "E4"], encounters.Keys.Order());
        Assert.Equal(true, encounters["E1"]["patient_missing"]);
        Assert.Equal("195967001", encounters["E1"]["REASONCODE"]);
        Assert.Null(encounters["E2"]["REASONCODE"]);
        Assert.Equal(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), encounters["E1"]["START_TS"]);
        Assert.Equal("1975", Convert.ToString(encounters["E2"]["birth_year"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, Status(first, SilverTables.Encounters).NullKeysDropped);
        Assert.Equal(1, Status(first, SilverTables.Claims).NullKeysDropped);
        Assert.Equal(1, Status(first, SilverTables.Feedback).DuplicatesIgnored);
        Assert.Equal(1, Status(first, SilverTables.Providers).Superseded);
        var patients = await Rows(lake, SilverTables.Patients, "id");
        Assert.Null(patients["PB"]["birth_year"]);

        var feedback = await Rows(lake, SilverTables.FeedbackEnriched, "feedback_id");
        Assert.Equal(["F1", "F2", "F3", "F4", "F5"], feedback.Keys.Order());
        Assert.Equal("P1", feedback["F1"]["provider_id"]);
        Assert.Equal(At(2025, 1, 13, 14, 48, 5).AddTicks(5382210), feedback["F1"]["timestamp"]);
        Assert.Equal("offset", feedback["F1"]["timestamp_source"]);
        Assert.Equal(At(2025, 1, 5, 10, 0, 0), feedback["F2"]["timestamp"]);
        Assert.Equal("naive", feedback["F2"]["timestamp_source"]);
        Assert.Equal(At(2025, 1, 7, 6, 30, 0), feedback["F4"]["timestamp"]);
        Assert.Equal(At(2025, 1, 9, 2, 15, 0), feedback["F5"]["timestamp"]);
        Assert.Equal("offset", feedback["F5"]["timestamp_source"]);
        Assert.Equal("3", Assert.IsAssignableFrom<System.Collections.IDictionary>(feedback["F1"]["metadata"])["version"]);
        Assert.Equal(true, feedback["F3"]["encounter_missing"]);
        Assert.Equal(true, feedback["F5"]["provider_missing"]);
        Assert.DoesNotContain("comments", (await SilverOracle.ReadAsync(lake, SilverTables.FeedbackEnriched)).Columns);

        await SilverRun.SubmitAndWaitAsync(cluster, "scenario-2", SilverRun.CopySubmission("sub2"));
        await SilverOracle.AssertEnrichedEqualsJoinAsync(lake);
        encounters = await Rows(lake, SilverTables.EncountersEnriched, "encounter_id");
        Assert.Equal(false, encounters["E1"]["patient_missing"]);
        Assert.Equal("F", encounters["E1"]["gender"]);
        Assert.Equal(1980, encounters["E1"]["birth_year"]);
        Assert.Equal("W", (await Rows(lake, SilverTables.Patients, "id"))["PA"]["marital"]);
        var claims = await Rows(lake, SilverTables.ClaimsEnriched, "claim_id");
        Assert.Equal(["C1", "C2", "C4"], claims.Keys.Order());
        Assert.Equal("Approved", claims["C1"]["claim_status"]);
        Assert.Equal(120.0, claims["C1"]["claim_amount"]);
        Assert.Equal("Neurology", claims["C1"]["provider_specialty"]);
        Assert.Equal("Pediatrics", claims["C4"]["provider_specialty"]);
        Assert.Null(claims["C4"]["claim_date"]);
        feedback = await Rows(lake, SilverTables.FeedbackEnriched, "feedback_id");
        Assert.Equal(false, feedback["F3"]["encounter_missing"]);
        Assert.Equal("P1", feedback["F1"]["provider_id"]);
        Assert.Equal(6, feedback.Count);

        await SilverRun.SubmitAndWaitAsync(cluster, "scenario-3", SilverRun.CopySubmission("sub3"));
        await SilverOracle.AssertEnrichedEqualsJoinAsync(lake);
        var providers = (await SilverOracle.ReadAsync(lake, SilverTables.Providers)).Rows;
        AssertHistory(providers, "P1", ("Cardiology", "Springfield"), ("Neurology", "Springfield"), ("Neurology", "Capital City"));
        AssertHistory(providers, "P2", ("Oncology", "Shelbyville"), ("Radiology", "North Haverbrook"));
        AssertHistory(providers, "P3", ("Dermatology", "Ogdenville"));
        AssertHistory(providers, "P9", ("Pediatrics", null), ("Pediatrics", "Brockway"));
        Assert.Equal("Capital City", (await Rows(lake, SilverTables.ClaimsEnriched, "claim_id"))["C5"]["provider_location"]);

        // The same files again: no new Bronze version, and Silver does not move.
        var before = await SnapshotAsync(lake);
        await SilverRun.SubmitAndWaitAsync(cluster, "scenario-3-again", SilverRun.CopySubmission("sub3"));
        Assert.Equal(before, await SnapshotAsync(lake));

        // The last silver_providers commit is lost (its log entry removed): the table is the providers' state, so the
        // buckets must read it as it now is (not as they last saw it), and the feed's redo must produce the same rows.
        var log = Path.Combine(lake, "silver", SilverTables.Providers, "_delta_log");
        var last = Directory.GetFiles(log, "*.json").Max(StringComparer.Ordinal)!;
        File.Delete(last);
        await cluster.Client.GetGrain<ISilverFeedGrain>("bronze/bronze_providers").CatchUpAsync();
        await WaitForTxnAsync(lake, SilverTables.Providers, "silver-feed:bronze/bronze_providers",
            (await SilverRun.BronzeVersionsAsync(lake))["bronze/bronze_providers"]);
        await SilverRun.WaitForSilverAsync(cluster);
        Assert.Equal(before, await SnapshotAsync(lake));
        await SilverOracle.AssertEnrichedEqualsJoinAsync(lake);
    }

    private static DateTime At(int y, int mo, int d, int h, int mi, int s) => new(y, mo, d, h, mi, s, DateTimeKind.Utc);

    private static SilverFeedStatus Status(IReadOnlyList<SilverFeedStatus> statuses, string table) => statuses.Single(s => s.SilverTable == table);

    private static void AssertHistory(IReadOnlyList<object?[]> providers, string id, params (string? Specialty, string? Location)[] expected)
    {
        var history = providers.Where(r => (string)r[0]! == id).OrderBy(r => (DateTime)r[3]!).ToList();
        Assert.Equal(expected, history.Select(r => ((string?)r[1], (string?)r[2])).ToArray());
        Assert.Single(history, r => (bool)r[5]!);
        Assert.True((bool)history[^1][5]!);
        Assert.Null(history[^1][4]);
        for (var i = 0; i + 1 < history.Count; i++)
        {
            // Windows meet exactly: a version ends where the next one starts.
            Assert.Equal(history[i + 1][3], history[i][4]);
            Assert.True((DateTime)history[i][3]! < (DateTime)history[i][4]!);
        }
    }

    private static async Task<Dictionary<string, Dictionary<string, object?>>> Rows(string lake, string table, string key)
    {
        var contents = await SilverOracle.ReadAsync(lake, table);
        var keyIndex = contents.Columns.ToList().IndexOf(key);
        return contents.Rows.ToDictionary(
            r => (string)r[keyIndex]!,
            r => contents.Columns.Select((c, i) => (c, r[i])).ToDictionary(p => p.c, p => p.Item2));
    }

    /// <summary>Every Silver table's rows, canonical and sorted, as one string.</summary>
    private static async Task<string> SnapshotAsync(string lake)
    {
        var parts = new List<string>();
        foreach (var table in SilverTables.All)
        {
            var rows = (await SilverOracle.ReadAsync(lake, table)).Rows.Select(SilverOracle.Canonical).Order(StringComparer.Ordinal);
            parts.Add(table + ":\n" + string.Join("\n", rows));
        }

        return string.Join("\n", parts);
    }

    private static async Task WaitForTxnAsync(string lake, string table, string appId, long version)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var t = await DeltaTable.OpenAsync(new LocalLakeStorage(lake), SilverTables.PathOf(table), CancellationToken.None);
            if (t.Snapshot.AppTransactions.TryGetValue(appId, out var v) && v >= version)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{table} did not get back to {appId} version {version}");
            await Task.Delay(200);
        }
    }
}
