using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.Silo.Configuration;

/// <summary>Where the lake lives in the Local profile (section <c>Kardiaflow:Lake</c>).</summary>
public sealed class LakeOptions
{
    public const string SectionName = "Kardiaflow:Lake";

    /// <summary>The lake folder; relative paths are taken from the current directory.</summary>
    [Required]
    public string Root { get; set; } = "./lakehouse";
}
