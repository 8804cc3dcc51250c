using Microsoft.Azure.Amqp;

namespace Kardiaflow.EventHubs.Local.Amqp;

/// <summary>
/// Owner levels (epochs) of the receivers of one consumer group's partition, as Event Hubs enforces them: a receiver
/// with an owner level closes every receiver with the same, a lower or no owner level (amqp:link:stolen: the newest
/// wins a tie, which is how event processors, all at level 0, hand partitions over); a receiver with a lower owner level
/// than the current owner, or with none while an owner exists, is refused.
/// </summary>
internal sealed class ReceiverOwnership
{
    private readonly object _gate = new();
    private readonly Dictionary<AmqpLink, long?> _receivers = [];

    public void Admit(AmqpLink link, long? ownerLevel)
    {
        List<AmqpLink> displaced = [];
        lock (_gate)
        {
            var highest = _receivers.Values.Where(level => level.HasValue).Select(level => level!.Value).DefaultIfEmpty(long.MinValue).Max();
            var hasOwner = _receivers.Values.Any(level => level.HasValue);
            if (hasOwner && (ownerLevel is null || ownerLevel < highest))
            {
                throw new AmqpException(
                    AmqpErrorCode.Stolen,
                    $"A receiver with owner level {highest} owns this partition; a receiver with {(ownerLevel is null ? "no owner level" : $"owner level {ownerLevel}")} cannot open.");
            }

            if (ownerLevel is not null)
            {
                displaced.AddRange(_receivers.Where(r => r.Value is null || r.Value <= ownerLevel).Select(r => r.Key));
                foreach (var stolen in displaced)
                {
                    _receivers.Remove(stolen);
                }
            }

            _receivers[link] = ownerLevel;
        }

        link.Closed += (_, _) =>
        {
            lock (_gate)
            {
                _receivers.Remove(link);
            }
        };

        foreach (var old in displaced)
        {
            old.SafeClose(new AmqpException(AmqpErrorCode.Stolen, $"A receiver with owner level {ownerLevel} took this partition."));
        }
    }
}
