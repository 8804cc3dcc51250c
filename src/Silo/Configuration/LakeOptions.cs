using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.Silo.Configuration;

/// <summary>Where the lake lives (section <c>Kardiaflow:Lake</c>): a folder in the Local profile, a container in Azure.</summary>
public sealed class LakeOptions
{
    public const string SectionName = "Kardiaflow:Lake";

    /// <summary>Local profile: the lake folder; relative paths are taken from the current directory.</summary>
    [Required]
    public string Root { get; set; } = "./lakehouse";

    /// <summary>Azure profile: the Blob container holding the lake (the same layout as the local folder).</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Kardiaflow:Lake:Container must be a valid container name (3-63 lower-case letters, digits, '-').")]
    public string Container { get; set; } = "lakehouse";

    /// <summary>
    /// One writer per lake (docs/reliability.md): how long the lake's writer lease outlives its holder's last renewal. A
    /// killed cluster blocks another writer (a second cluster, <c>kardiaflow rebuild</c>) for at most this long; holders
    /// renew every third of it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Kardiaflow:Lake:WriterLease must be a time span from 00:00:01 to 01:00:00.")]
    public TimeSpan WriterLease { get; set; } = TimeSpan.FromSeconds(30);
}
