namespace Kardiaflow.Tests.Shared;

/// <summary>All rows of a table at one version, with column lookup by name.</summary>
internal sealed record TableContents(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, long Version)
{
    public int Count => Rows.Count;

    public IEnumerable<object?> Column(string name)
    {
        var index = Columns.ToList().IndexOf(name);
        Assert.True(index >= 0, $"no column {name}");
        return Rows.Select(r => r[index]);
    }

    /// <summary>(_source_file, _source_row) of every row.</summary>
    public IReadOnlyList<(string File, long Row)> Sources() =>
        Column("_source_file").Zip(Column("_source_row"), (f, r) => ((string)f!, (long)r!)).ToList();
}
