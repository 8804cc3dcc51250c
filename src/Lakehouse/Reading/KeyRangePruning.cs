using System.Globalization;
using System.Text.Json;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Lakehouse.Reading;

/// <summary>
/// Decides from an add action alone whether a file can hold any of a merge's source keys: a partition key column
/// must have one of the source values; a data key column's [min, max] from the file statistics must overlap the
/// source keys' range. Anything it cannot judge (no stats, truncated strings, other types) is read.
/// </summary>
internal sealed class KeyRangePruning
{
    private readonly List<Check> _checks = [];

    public KeyRangePruning(MetadataAction metadata, int[] keyOrdinals, IEnumerable<object?[]> sourceKeys)
    {
        var keys = sourceKeys.ToList();
        for (var k = 0; k < keyOrdinals.Length; k++)
        {
            var field = metadata.Schema.Fields[keyOrdinals[k]];
            var values = keys.Select(key => key[k]).ToList();
            if (metadata.PartitionColumns.Contains(field.Name))
            {
                var serialized = values.Select(v => PartitionPaths.Serialize(v, field.Type, field.Name) ?? "\0null").ToHashSet(StringComparer.Ordinal);
                _checks.Add(new Check(field.Name, true, serialized, null, null));
                continue;
            }

            if (values.Any(v => v is null) || Comparable(field.Type) is not { } kind)
            {
                continue;
            }

            var converted = values.Select(v => Convert(v!, kind, field.Name)).ToList();
            if (converted.Count > 0)
            {
                _checks.Add(new Check(field.Name, false, null, converted.Min(StringComparer.Ordinal), converted.Max(StringComparer.Ordinal)) { Kind = kind });
            }
        }
    }

    public bool MayContainKeys(AddFileAction file)
    {
        if (_checks.Count == 0)
        {
            return true;
        }

        JsonDocument? stats = null;
        try
        {
            foreach (var check in _checks)
            {
                if (check.IsPartition)
                {
                    file.PartitionValues.TryGetValue(check.Column, out var value);
                    if (!check.PartitionValues!.Contains(value ?? "\0null"))
                    {
                        return false;
                    }

                    continue;
                }

                if (file.Stats is null)
                {
                    continue;
                }

                stats ??= JsonDocument.Parse(file.Stats);
                if (Bound(stats, "minValues", check) is { } min && string.CompareOrdinal(check.SourceMax, min) < 0)
                {
                    return false;
                }

                if (Bound(stats, "maxValues", check) is { } max && string.CompareOrdinal(check.SourceMin, max) > 0)
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            stats?.Dispose();
        }
    }

    // Values are compared as order-preserving strings, so one comparison serves every supported type.
    private static string? Bound(JsonDocument stats, string property, Check check)
    {
        if (!stats.RootElement.TryGetProperty(property, out var bounds) || !bounds.TryGetProperty(check.Column, out var value))
        {
            return null;
        }

        switch (check.Kind)
        {
            case 'i' when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var l):
                return OrderedLong(l);
            case 's' when value.ValueKind == JsonValueKind.String:
                var s = value.GetString()!;

                // A truncated bound is only a prefix: usable as a minimum, not as a maximum.
                return property == "maxValues" && s.Length > DeltaStatsJson.StringPrefixLength ? null : s;
            case 'd' when value.ValueKind == JsonValueKind.String:
                return value.GetString();
            default:
                return null;
        }
    }

    private static char? Comparable(DeltaType type) => type switch
    {
        PrimitiveType { Name: "long" or "integer" or "short" or "byte" } => 'i',
        PrimitiveType { Name: "string" } => 's',
        PrimitiveType { Name: "date" } => 'd',
        _ => null,
    };

    private static string Convert(object value, char kind, string column) => kind switch
    {
        'i' => OrderedLong(ValueConverters.ToLong(value, column)),
        'd' => ValueConverters.ToDate(value, column).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value as string ?? throw ValueConverters.WrongType(value, column, "string"),
    };

    // Flipping the sign bit makes the ordinal order of the hex text the numeric order.
    private static string OrderedLong(long value) => ((ulong)value ^ 0x8000_0000_0000_0000UL).ToString("X16", CultureInfo.InvariantCulture);

    private sealed record Check(string Column, bool IsPartition, HashSet<string>? PartitionValues, string? SourceMin, string? SourceMax)
    {
        public char Kind { get; init; }
    }
}
