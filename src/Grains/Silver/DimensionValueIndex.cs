using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// Which of a bucket's files hold a value of one dimension column of an enriched table (patient_id, provider_id,
/// visit_id): a 64-bit hash of each value → the ids of the files that hold it. Exact up to a hash collision, which
/// only costs a file read (the rows are then matched by value). It replaced per-file Bloom filters, whose 1% false
/// "maybe" turned a dimension refresh of thousands of ids into a read of every file of the table
/// (docs/adr/silver-entity-state.md).
/// </summary>
public sealed class DimensionValueIndex
{
    // Most values are in one file; the few in several (a patient's encounters over many batches) get a list.
    private readonly Dictionary<ulong, int> _single = [];
    private readonly Dictionary<ulong, List<int>> _many = [];

    public static ulong Hash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return XxHash3.HashToUInt64(MemoryMarshal.AsBytes(value.AsSpan()));
    }

    /// <summary>
    /// Records that file <paramref name="fileId"/> holds each of <paramref name="values"/>; ids of files no longer live
    /// (<paramref name="isLive"/>) are dropped on the way, so a value's list does not grow with rewrites.
    /// </summary>
    public void Add(int fileId, IEnumerable<ulong> values, Func<int, bool> isLive)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(isLive);
        foreach (var value in values)
        {
            if (_many.TryGetValue(value, out var files))
            {
                files.RemoveAll(id => id != fileId && !isLive(id));
                if (!files.Contains(fileId))
                {
                    files.Add(fileId);
                }

                if (files.Count == 1)
                {
                    _many.Remove(value);
                    _single[value] = files[0];
                }
            }
            else if (_single.TryGetValue(value, out var existing) && existing != fileId && isLive(existing))
            {
                _single.Remove(value);
                _many[value] = [existing, fileId];
            }
            else
            {
                _single[value] = fileId;
            }
        }
    }

    /// <summary>Adds to <paramref name="into"/> the live files that may hold <paramref name="value"/>.</summary>
    public void FilesOf(ulong value, HashSet<int> into, Func<int, bool> isLive)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(isLive);
        if (_single.TryGetValue(value, out var id))
        {
            if (isLive(id))
            {
                into.Add(id);
            }
        }
        else if (_many.TryGetValue(value, out var files))
        {
            foreach (var file in files)
            {
                if (isLive(file))
                {
                    into.Add(file);
                }
            }
        }
    }
}
