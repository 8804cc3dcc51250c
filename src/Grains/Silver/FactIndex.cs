namespace Kardiaflow.Grains.Silver;

/// <summary>The "which facts reference this entity" sets that the partition grains keep per entity id.</summary>
internal static class FactIndex
{
    /// <summary>Adds the fact ids to the entity's set; true when any was new.</summary>
    public static bool Add(Dictionary<string, HashSet<string>> index, string entityId, IEnumerable<string> factIds)
    {
        if (!index.TryGetValue(entityId, out var facts))
        {
            facts = [];
            index[entityId] = facts;
        }

        var added = false;
        foreach (var id in factIds)
        {
            added |= facts.Add(id);
        }

        return added;
    }

    /// <summary>The entity's fact ids in ordinal order (a new list, never a shared set).</summary>
    public static List<string> Of(Dictionary<string, HashSet<string>> index, string entityId) =>
        index.TryGetValue(entityId, out var facts) ? facts.Order(StringComparer.Ordinal).ToList() : new List<string>();
}
