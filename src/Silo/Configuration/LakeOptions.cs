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
}
