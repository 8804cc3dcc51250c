using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>An epoch's files for one Gold table, written by the aggregator partitions: the actions to commit and the rows they change.</summary>
public sealed record GoldFileActions(IReadOnlyList<DeltaAction> Actions, long RowsChanged);
