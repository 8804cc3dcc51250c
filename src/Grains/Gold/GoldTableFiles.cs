namespace Kardiaflow.Grains.Gold;

/// <summary>
/// One aggregator's change to one Gold table in an epoch, as files it already wrote: the pages' new files, the files they
/// replace, the change-data files, and the rows that changed. The coordinator commits every aggregator's share of a
/// table in one Delta commit.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GoldTableFiles(
    [property: Id(0)] string Table,
    [property: Id(1)] IReadOnlyList<GoldFile> Adds,
    [property: Id(2)] IReadOnlyList<GoldFile> Removes,
    [property: Id(3)] IReadOnlyList<GoldFile> ChangeFiles,
    [property: Id(4)] long RowsChanged);
