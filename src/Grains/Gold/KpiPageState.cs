using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold;

/// <summary>
/// The aggregates of one page of a <see cref="KpiAggregatorGrain"/>'s grouping keys (<see cref="KpiPartition.ToBytes"/>
/// of the page), stored in the grain storage as a state of its own, so an epoch reads and writes only its pages.
/// </summary>
[GenerateSerializer]
public sealed class KpiPageState
{
    [Id(0)] public byte[]? Data { get; set; }
}
