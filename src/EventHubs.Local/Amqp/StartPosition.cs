using System.Globalization;
using System.Text.RegularExpressions;
using Kardiaflow.EventHubs.Local.Storage;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace Kardiaflow.EventHubs.Local.Amqp;

/// <summary>
/// Where a receiver starts, from the <c>apache.org:selector-filter:string</c> filter of its attach:
/// <c>amqp.annotation.x-opt-offset &gt; -1</c> (earliest), <c>&gt; @latest</c>, <c>&gt;/&gt;= &lt;offset&gt;</c>,
/// <c>amqp.annotation.x-opt-sequence-number &gt;/&gt;= n</c>, <c>amqp.annotation.x-opt-enqueued-time &gt; unix-ms</c>.
/// No filter means the earliest event.
/// </summary>
internal static partial class StartPosition
{
    public const string SelectorFilterName = "apache.org:selector-filter:string";
    private const ulong SelectorFilterCode = 0x0000_468C_0000_0004;

    /// <summary>The first sequence number to deliver; throws <see cref="AmqpException"/> (invalid-field) for a filter it does not understand.</summary>
    public static long Resolve(Source? source, PartitionLog partition)
    {
        var expression = FindExpression(source?.FilterSet);
        if (expression is null)
        {
            return 0;
        }

        var match = FilterExpression().Match(expression);
        if (!match.Success)
        {
            throw Invalid(expression);
        }

        var inclusive = match.Groups["op"].Value == ">=";
        var value = match.Groups["value"].Value.Trim('\'', '"');
        switch (match.Groups["field"].Value.ToLowerInvariant())
        {
            case "x-opt-offset" when value == "-1":
                return 0;
            case "x-opt-offset" when string.Equals(value, "@latest", StringComparison.OrdinalIgnoreCase):
                return partition.Count;
            case "x-opt-offset" when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset):
                return partition.FirstSequenceAfterOffset(offset, inclusive);
            case "x-opt-sequence-number" when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sequence):
                return Math.Max(0, inclusive ? sequence : sequence + 1);
            case "x-opt-enqueued-time" when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var unixMs):
                return partition.FirstSequenceAfterTime(inclusive ? unixMs - 1 : unixMs);
            default:
                throw Invalid(expression);
        }
    }

    private static string? FindExpression(FilterSet? filters)
    {
        if (filters is null)
        {
            return null;
        }

        foreach (var entry in (AmqpMap)filters)
        {
            if (entry.Value is DescribedType { Value: string text } described
                && (Equals(described.Descriptor, (AmqpSymbol)SelectorFilterName) || Equals(described.Descriptor, SelectorFilterCode)
                    || Equals(entry.Key.Key, (AmqpSymbol)SelectorFilterName)))
            {
                return text;
            }
        }

        return null;
    }

    private static AmqpException Invalid(string expression) =>
        new(AmqpErrorCode.InvalidField, $"The selector filter '{expression}' is not supported: use x-opt-offset, x-opt-sequence-number or x-opt-enqueued-time with > or >=.");

    [GeneratedRegex(@"^\s*amqp\.annotation\.(?<field>x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time)\s*(?<op>>=|>)\s*(?<value>\S+)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FilterExpression();
}
