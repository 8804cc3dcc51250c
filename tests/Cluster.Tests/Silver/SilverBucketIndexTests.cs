using Kardiaflow.Grains.Silver;
using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Cluster.Tests.Silver;

/// <summary>The in-memory index of a Silver bucket: which files hold a dimension value, through rewrites of those files.</summary>
public sealed class SilverBucketIndexTests
{
    [Fact]
    public void A_dimension_value_names_exactly_the_live_files_that_hold_it_through_rewrites()
    {
        var index = new SilverBucketIndex();
        index.AddFile(File("f0"), [Key("e1"), Key("e2")], Values("patient_id", "pa", "pb"));
        index.AddFile(File("f1"), [Key("e3")], Values("patient_id", "pb"));
        for (var i = 0; i < 50; i++)
        {
            // Fifty files that name other patients: a lookup of pa or pb must not name any of them.
            index.AddFile(File($"other{i}"), [Key($"x{i}")], Values("patient_id", $"p{i}"));
        }

        Assert.Equal(["f0"], Paths(index, "pa"));
        Assert.Equal(["f0", "f1"], Paths(index, "pb"));
        Assert.Empty(Paths(index, "nobody"));

        // f0 is rewritten as f2 (pa's row changed): pa and pb move with it; the dead f0 is never named again.
        index.RemoveFile("f0");
        index.AddFile(File("f2"), [Key("e1"), Key("e2")], Values("patient_id", "pa", "pb"));
        Assert.Equal(["f2"], Paths(index, "pa"));
        Assert.Equal(["f1", "f2"], Paths(index, "pb"));
        Assert.Equal("f2", index.FileOf(Key("e1"))!.Path);

        index.RemoveFile("f1");
        Assert.Equal(["f2"], Paths(index, "pb"));
        Assert.Equal(["f2"], Paths(index, "pb", "nobody", "pa"));
    }

    private static UInt128 Key(string key) => SilverBucketIndex.Hash(key);

    private static AddFileAction File(string path) => new(path, new Dictionary<string, string?>(), 1, 0, true, null);

    private static Dictionary<string, HashSet<ulong>> Values(string column, params string[] values) =>
        new() { [column] = [.. values.Select(DimensionValueIndex.Hash)] };

    private static List<string> Paths(SilverBucketIndex index, params string[] values) =>
        [.. index.FilesThatMayHold("patient_id", [.. values.Select(DimensionValueIndex.Hash)]).Select(f => f.Path).Order(StringComparer.Ordinal)];
}
