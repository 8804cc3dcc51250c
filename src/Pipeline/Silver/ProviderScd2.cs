namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// silver_providers, SCD type 2 (docs/data-contract.md (Silver)), one Bronze commit at a time. Within a commit only the last row per provider
/// counts (<see cref="LastPerProvider"/>). A provider without a current version gets one; one whose specialty or
/// location differs from the current version (null-safe) has it closed at the new row's <c>_ingest_ts</c> and a new
/// current version opened at the same instant, so windows meet exactly; an unchanged provider is left alone.
/// Versions follow commit order (docs/adr/scd2-commit-order.md): a commit whose <c>_ingest_ts</c> is not later than
/// the current version's start (a submission that listed its files first and committed last) opens its version 1 ms
/// after that start instead of failing the feed on every retry.
/// </summary>
public static class ProviderScd2
{
    /// <summary>The last row per provider, in arrival order, of one commit's rows.</summary>
    public static IReadOnlyList<ProviderRecord> LastPerProvider(IEnumerable<ProviderRecord> commitRows)
    {
        var last = new Dictionary<string, ProviderRecord>(StringComparer.Ordinal);
        foreach (var row in commitRows)
        {
            if (!last.TryGetValue(row.ProviderId, out var seen) || row.Arrival > seen.Arrival)
            {
                last[row.ProviderId] = row;
            }
        }

        return [.. last.Values.OrderBy(r => r.ProviderId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Applies one commit's row to a provider's history. Returns the new history and the versions that changed (to
    /// MERGE into silver_providers by provider_id and eff_start_ts); no change when the provider is unchanged.
    /// </summary>
    public static Scd2Step Apply(IReadOnlyList<ProviderVersion> history, ProviderRecord incoming)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(incoming);
        var current = history.LastOrDefault(v => v.IsCurrent);
        if (current is null)
        {
            var first = Opened(incoming, incoming.IngestTs);
            return new Scd2Step([.. history, first], [first]);
        }

        if (string.Equals(current.Specialty, incoming.Specialty, StringComparison.Ordinal) &&
            string.Equals(current.Location, incoming.Location, StringComparison.Ordinal))
        {
            return new Scd2Step(history, []);
        }

        // The feed applies commits in version order, but _ingest_ts is decided when a submission lists its files: two
        // submissions at once can commit a later-listed file first. Commit order wins; the window stays non-empty (the
        // precision of a Delta commit time is 1 ms) and the result is the same on every replay.
        var start = incoming.IngestTs > current.EffStart ? incoming.IngestTs : current.EffStart.AddMilliseconds(1);
        var opened = Opened(incoming, start);
        var closed = current with { EffEnd = start, IsCurrent = false };
        var next = history.Select(v => ReferenceEquals(v, current) ? closed : v).Append(opened).ToList();
        return new Scd2Step(next, [closed, opened]);
    }

    private static ProviderVersion Opened(ProviderRecord incoming, DateTime start) =>
        new(incoming.ProviderId, incoming.Specialty, incoming.Location, start, null, true, incoming.BatchId, incoming.Arrival.SourceFile);

    /// <summary>The current version of a history, or null.</summary>
    public static ProviderVersion? Current(IReadOnlyList<ProviderVersion> history) =>
        history?.LastOrDefault(v => v.IsCurrent);
}
