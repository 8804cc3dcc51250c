namespace Kardiaflow.EventHubs.Local.Amqp;

/// <summary>
/// A link address as the Event Hubs clients write it: <c>&lt;hub&gt;</c> (send, routed by the service),
/// <c>&lt;hub&gt;/Partitions/&lt;p&gt;</c> (send to a partition) or
/// <c>&lt;hub&gt;/ConsumerGroups/&lt;cg&gt;/Partitions/&lt;p&gt;</c> (receive). .NET sends the path with a leading
/// slash; other SDKs send the whole <c>amqp://host/...</c> URI. Both are accepted.
/// </summary>
internal sealed record EntityAddress(string Hub, string? ConsumerGroup, string? PartitionId)
{
    public bool IsConsumer => ConsumerGroup is not null;

    public static bool TryParse(string? address, out EntityAddress entity)
    {
        entity = null!;
        if (string.IsNullOrEmpty(address))
        {
            return false;
        }

        var path = address;
        if (address.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            path = Uri.UnescapeDataString(uri.AbsolutePath);
        }

        var parts = path.Trim('/').Split('/');
        switch (parts.Length)
        {
            case 1 when parts[0].Length > 0:
                entity = new EntityAddress(parts[0], null, null);
                return true;
            case 3 when Is(parts[1], "Partitions"):
                entity = new EntityAddress(parts[0], null, parts[2]);
                return true;
            case 5 when Is(parts[1], "ConsumerGroups") && Is(parts[3], "Partitions"):
                entity = new EntityAddress(parts[0], parts[2], parts[4]);
                return true;
            default:
                return false;
        }
    }

    private static bool Is(string part, string keyword) => string.Equals(part, keyword, StringComparison.OrdinalIgnoreCase);
}
