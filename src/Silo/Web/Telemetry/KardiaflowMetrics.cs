using System.Diagnostics.Metrics;
using Kardiaflow.Silo.Web.Lake;

namespace Kardiaflow.Silo.Web.Telemetry;

/// <summary>
/// The pipeline's gauges (meter <see cref="MeterName"/>), observed from what the lake watch last saw: rows per layer and
/// per table, quarantined rows per dataset, each Silver feed's lag, and Gold freshness. They describe the lake, so every
/// silo reports the same values; sum nothing across silos.
/// </summary>
public sealed class KardiaflowMetrics : IDisposable
{
    public const string MeterName = "Kardiaflow";

    private static readonly string[] Layers = [WatchedTables.Bronze, WatchedTables.Silver, WatchedTables.Gold, WatchedTables.Quarantine];

    private readonly Meter _meter;

    public KardiaflowMetrics(IMeterFactory meters, LakeWatch watch, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(time);
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("kardiaflow.layer.rows", () => Layers.Select(l => Measure(watch.Current.Layer(l).Sum(t => t.Rows), ("layer", l))),
            "{row}", "Rows in the layer's tables at their latest versions.");
        _meter.CreateObservableGauge("kardiaflow.table.rows",
            () => watch.Current.Tables.Values.Where(t => t.Version >= 0).Select(t => Measure(t.Rows, ("layer", t.Table.Layer), ("table", t.Table.Path))),
            "{row}", "Rows of each table at its latest version.");
        _meter.CreateObservableGauge("kardiaflow.quarantine.rows",
            () => watch.Current.Layer(WatchedTables.Quarantine).Select(t => Measure(t.Rows, ("dataset", t.Table.Name))),
            "{row}", "Records of each dataset held in quarantine (_quarantine/bad_<dataset>).");
        _meter.CreateObservableGauge("kardiaflow.silver.feed.lag",
            () => watch.Current.Feeds.Select(f => Measure(f.LagVersions, ("feed", f.BronzeTable))),
            "{version}", "Bronze versions a Silver feed has not committed into Silver yet.");
        _meter.CreateObservableGauge("kardiaflow.silver.feed.wait",
            () => watch.Current.Feeds.Select(f => Measure(f.LagSeconds, ("feed", f.BronzeTable))),
            "s", "Age of the oldest Bronze commit a Silver feed has not consumed yet (0 when caught up).");
        _meter.CreateObservableGauge("kardiaflow.gold.age", GoldAge,
            "s", "Time since the newest commit to a Gold table.");
        _meter.CreateObservableGauge("kardiaflow.gold.behind_silver", GoldBehindSilver,
            "s", "How far the newest Gold commit is behind the newest commit of the Silver tables Gold follows (0 when Gold is newer).");

        IEnumerable<Measurement<double>> GoldAge()
        {
            var status = watch.Current;
            return status.LastCommit(WatchedTables.Gold) is { } last ? [new((time.GetUtcNow() - last).TotalSeconds)] : [];
        }

        IEnumerable<Measurement<double>> GoldBehindSilver() =>
            watch.Current.GoldBehindSilverSeconds is { } behind ? [new(behind)] : [];
    }

    public void Dispose() => _meter.Dispose();

    private static Measurement<T> Measure<T>(T value, params (string Key, string Value)[] tags)
        where T : struct =>
        new(value, tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value)));
}
