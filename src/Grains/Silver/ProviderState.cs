using Kardiaflow.Grains.Abstractions.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>Persisted state of <see cref="ProviderGrain"/>: its SCD2 history and the facts that reference it.</summary>
[GenerateSerializer]
public sealed class ProviderState
{
    [Id(0)] public List<ProviderVersionRow> History { get; set; } = [];

    [Id(1)] public long LastVersion { get; set; } = -1;

    [Id(2)] public ProviderApplied? LastOutcome { get; set; }

    [Id(3)] public HashSet<string> Claims { get; set; } = new(StringComparer.Ordinal);

    [Id(4)] public HashSet<string> Feedback { get; set; } = new(StringComparer.Ordinal);
}
