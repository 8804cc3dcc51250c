using Kardiaflow.Tests.Shared;

namespace Kardiaflow.Cluster.Tests.Silver;

/// <summary>Compares single cell values the way <see cref="SilverOracle"/> prints them.</summary>
internal sealed class SilverValueComparer : IEqualityComparer<object?>
{
    public static readonly SilverValueComparer Instance = new();

    public new bool Equals(object? x, object? y) => SilverOracle.Canonical([x]) == SilverOracle.Canonical([y]);

    public int GetHashCode(object? obj) => SilverOracle.Canonical([obj]).GetHashCode(StringComparison.Ordinal);
}
