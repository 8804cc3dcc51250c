namespace Kardiaflow.Grains.Ingestion;

/// <summary>Keys of <see cref="Abstractions.Ingestion.IFilePartitionGrain"/>: <c>dataset/relative path#part</c>.</summary>
public static class FilePartitionKeys
{
    public static string For(string dataset, string relativePath, int part) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{dataset}/{relativePath}#{part}");
}
