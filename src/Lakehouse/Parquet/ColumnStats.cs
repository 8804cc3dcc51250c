namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>Per-column statistics of one data file, before they are written as the Delta stats JSON.</summary>
internal sealed class ColumnStats(string name)
{
    public string Name { get; } = name;

    /// <summary>False for column types Delta readers do not skip on (binary, boolean, nested); only nullCount is kept.</summary>
    public bool HasMinMax { get; set; }

    public object? Min { get; set; }

    public object? Max { get; set; }

    public long NullCount { get; set; }

    /// <summary>Folds the statistics of another slice (row group) of the same column into this one.</summary>
    public void Merge(ColumnStats other)
    {
        NullCount += other.NullCount;
        if (!HasMinMax || other.Min is null)
        {
            return;
        }

        if (Min is null || Compare(other.Min, Min) < 0)
        {
            Min = other.Min;
        }

        if (Max is null || Compare(other.Max!, Max) > 0)
        {
            Max = other.Max;
        }
    }

    private static int Compare(object a, object b) => a is string sa && b is string sb
        ? string.CompareOrdinal(sa, sb)
        : Comparer<object>.Default.Compare(a, b);
}
