using System.Diagnostics.Metrics;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Web.Lake;
using Kardiaflow.Silo.Web.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kardiaflow.EndToEnd.Tests.Web;

/// <summary>The lake watch and its gauges on a lake whose claims feed is behind (real Delta tables, no silo).</summary>
public sealed class LakeWatchTests
{
    [Fact]
    public async Task A_feed_behind_its_Bronze_table_shows_as_lag_in_versions_and_seconds_and_in_the_gauges()
    {
        var storage = new LocalLakeStorage(TestData.NewFolder("lag-lake"));
        var schema = new StructType([new StructField("id", PrimitiveType.String)]);
        var none = new Dictionary<string, string>();
        var bronze = await DeltaTable.CreateAsync(storage, "bronze/bronze_claims", schema, [], none, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await bronze.AppendAsync([["c" + i]], null, CancellationToken.None);
        }

        // The feed committed Bronze version 1 into Silver: versions 2 and 3 are waiting.
        var silver = await DeltaTable.CreateAsync(storage, "silver/silver_claims", schema, [], none, CancellationToken.None);
        await silver.AppendAsync([["c0"], ["c1"]], new TxnAction("silver-feed:bronze/bronze_claims", 1), CancellationToken.None);

        var later = new ShiftedTime(TimeSpan.FromHours(1));
        using var watch = new LakeWatch(storage, Options.Create(new SiloWebOptions()), later, NullLogger<LakeWatch>.Instance);
        await watch.RefreshAsync(CancellationToken.None);

        var claims = Assert.Single(watch.Current.Feeds, f => f.Dataset == "claims");
        Assert.Equal((3L, 1L, 2L), (claims.BronzeVersion, claims.ConsumedVersion, claims.LagVersions));
        Assert.True(claims.LagSeconds >= 3600, $"waiting {claims.LagSeconds} s");
        var patients = Assert.Single(watch.Current.Feeds, f => f.Dataset == "patients");
        Assert.Equal((-1L, -1L, 0L), (patients.BronzeVersion, patients.ConsumedVersion, patients.LagVersions));

        var generation = watch.Current.Generation;
        await watch.RefreshAsync(CancellationToken.None);
        Assert.Equal(generation, watch.Current.Generation); // nothing moved: no change event
        await bronze.AppendAsync([["c3"]], null, CancellationToken.None);
        await watch.RefreshAsync(CancellationToken.None);
        Assert.Equal(generation + 1, watch.Current.Generation);
        Assert.Equal(3, Assert.Single(watch.Current.Feeds, f => f.Dataset == "claims").LagVersions);

        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var metrics = new KardiaflowMetrics(services.GetRequiredService<IMeterFactory>(), watch, later);
        var seen = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KardiaflowMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => seen[Key(instrument, tags)] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => seen[Key(instrument, tags)] = value);
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(3, seen["kardiaflow.silver.feed.lag|bronze/bronze_claims"]);
        Assert.True(seen["kardiaflow.silver.feed.wait|bronze/bronze_claims"] >= 3600);
        Assert.Equal(4, seen["kardiaflow.layer.rows|bronze"]);
        Assert.Equal(2, seen["kardiaflow.layer.rows|silver"]);
        Assert.Equal(0, seen["kardiaflow.layer.rows|gold"]);
        Assert.False(seen.ContainsKey("kardiaflow.gold.age|"), "no Gold commit yet, so no Gold age");
    }

    private static string Key(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var label = string.Empty;
        foreach (var tag in tags)
        {
            if (tag.Key is "feed" or "layer")
            {
                label = (string)tag.Value!;
            }
        }

        return instrument.Name + "|" + label;
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
