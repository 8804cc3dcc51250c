using System.Globalization;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// Where a Silver row's key lives among a table's key buckets (docs/adr/silver-key-buckets.md): the bucket is a
/// stable hash of the first key column, so the versions of an SCD2 provider share a bucket; a bucket's data files are
/// named with <see cref="FilePrefix"/> and its grain is <see cref="GrainKey"/>.
/// </summary>
public static class SilverBucketKeys
{
    /// <summary>The ordinal of a Silver table's first key column (the one its rows are bucketed by).</summary>
    public static int FirstKeyOrdinal(string table) => SilverTables.SchemaOf(table).IndexOf(SilverTables.KeyOf(table)[0]);

    /// <summary>The bucket of a first-key-column value.</summary>
    public static int BucketOfKey(string firstKeyValue, int count) => StableHash.Bucket(firstKeyValue, count);

    /// <summary><c>b16x03</c>: the name prefix of bucket 3's files when the table has 16 buckets.</summary>
    public static string FilePrefix(int count, int bucket) =>
        string.Create(CultureInfo.InvariantCulture, $"b{count}x{bucket:D2}");

    /// <summary><c>silver_claims/16/3</c>: the grain of a table's bucket.</summary>
    public static string GrainKey(string table, int count, int bucket) =>
        string.Create(CultureInfo.InvariantCulture, $"{table}/{count}/{bucket}");

    /// <summary>The table, bucket count and bucket a grain key names.</summary>
    public static (string Table, int Count, int Bucket) Parse(string grainKey)
    {
        ArgumentNullException.ThrowIfNull(grainKey);
        var parts = grainKey.Split('/');
        if (parts.Length != 3 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var count) || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var bucket))
        {
            throw new ArgumentException($"'{grainKey}' is not a Silver bucket key (table/count/bucket).", nameof(grainKey));
        }

        return (parts[0], count, bucket);
    }

    /// <summary>Whether a data file's log path belongs to the bucket whose prefix is <paramref name="prefix"/>.</summary>
    public static bool IsFileOf(string path, string prefix)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && name[prefix.Length] == '-';
    }

    /// <summary>
    /// The text of a row's key: the key column itself for one string key; for several columns their values joined by
    /// U+001F (timestamps as ticks), which no id holds.
    /// </summary>
    public static string KeyText(object?[] row, int[] keyOrdinals)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(keyOrdinals);
        if (keyOrdinals.Length == 1 && row[keyOrdinals[0]] is string single)
        {
            return single;
        }

        return string.Join('\u001f', keyOrdinals.Select(o => row[o] switch
        {
            null => "\u0000",
            DateTime t => t.Ticks.ToString(CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var v => v.ToString(),
        }));
    }

    /// <summary>The ordinals of a Silver table's key columns in its schema.</summary>
    public static int[] KeyOrdinals(string table)
    {
        var schema = SilverTables.SchemaOf(table);
        return [.. SilverTables.KeyOf(table).Select(schema.IndexOf)];
    }
}
