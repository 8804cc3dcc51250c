using System.Reflection;
using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Lakehouse.Diagnostics;

namespace Kardiaflow.Cluster.Tests;

/// <summary>Log event ids come from the catalogues, once each, and every [LoggerMessage] of the grains uses one.</summary>
public sealed class EventIdCatalogueTests
{
    [Fact]
    public void Event_ids_are_unique_across_the_engine_and_grain_catalogues()
    {
        var ids = typeof(GrainEventIds).GetNestedTypes().Append(typeof(LakehouseEventIds))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (Name: $"{t.Name}.{f.Name}", Id: (int)f.GetRawConstantValue()!)))
            .ToList();
        Assert.True(ids.Count > 20);
        Assert.Empty(ids.GroupBy(i => i.Id).Where(g => g.Count() > 1).Select(g => string.Join(" = ", g.Select(i => i.Name))));
    }

    [Fact]
    public void Every_grain_log_message_takes_its_id_from_the_catalogue()
    {
        var catalogued = typeof(GrainEventIds).GetNestedTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)).Select(f => (int)f.GetRawConstantValue()!).ToHashSet();
        var used = typeof(Kardiaflow.Grains.Silver.SilverFeedGrain).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<Microsoft.Extensions.Logging.LoggerMessageAttribute>()).OfType<Microsoft.Extensions.Logging.LoggerMessageAttribute>()
            .Select(a => a.EventId).ToList();
        Assert.NotEmpty(used);
        Assert.All(used, id => Assert.Contains(id, catalogued));
    }
}
