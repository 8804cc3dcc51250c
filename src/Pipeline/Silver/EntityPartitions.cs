namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// The partitions of Silver's entity state (patients, providers, encounters): an entity id belongs to partition
/// <c>StableHash.Bucket(id, Count)</c>, and one grain per partition keeps the state of its ids. The count is part of
/// the grain state's layout: changing it needs <c>kardiaflow rebuild</c>. See docs/adr/entity-partition-grains.md.
/// </summary>
public static class EntityPartitions
{
    public const int Count = 64;

    public static int Of(string entityId) => StableHash.Bucket(entityId, Count);
}
