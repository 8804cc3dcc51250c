namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// silver_providers, SCD type 2 (docs/data-contract.md (Silver)), one Bronze commit at a time. Within a commit only the last row per provider
/// counts (<see cref="LastPerProvider"/>). A provider without a current version gets one; one whose specialty or
/// location differs from the current version (null-safe) has it closed at the new row's <c>_ingest_ts</c> and a new
/// current version opened at the same instant, so windows meet exactly; an unchanged provider is left alone.
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
        var opened = new ProviderVersion(
            incoming.ProviderId, incoming.Specialty, incoming.Location, incoming.IngestTs, null, true, incoming.BatchId, incoming.Arrival.SourceFile);
        if (current is null)
        {
            return new Scd2Step([.. history, opened], [opened]);
        }

        if (string.Equals(current.Specialty, incoming.Specialty, StringComparison.Ordinal) &&
            string.Equals(current.Location, incoming.Location, StringComparison.Ordinal))
        {
            return new Scd2Step(history, []);
        }

        if (incoming.IngestTs <= current.EffStart)
        {
            // A commit not later than the current version's start cannot close it without an empty or inverted window.
            throw new InvalidOperationException(
                $"Provider version at {incoming.IngestTs:O} is not later than the current version's start {current.EffStart:O}.");
        }

        var closed = current with { EffEnd = incoming.IngestTs, IsCurrent = false };
        var next = history.Select(v => ReferenceEquals(v, current) ? closed : v).Append(opened).ToList();
        return new Scd2Step(next, [closed, opened]);
    }

    /// <summary>The current version of a history, or null.</summary>
    public static ProviderVersion? Current(IReadOnlyList<ProviderVersion> history) =>
        history?.LastOrDefault(v => v.IsCurrent);
}
