using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.Silo.Configuration;

/// <summary>Which set of real components the silo uses (<c>Kardiaflow:Profile</c>): <c>Local</c> (default) or <c>Azure</c>.</summary>
public sealed class ProfileOptions
{
    public const string SectionName = "Kardiaflow";

    public const string Local = "Local";

    public const string Azure = "Azure";

    [Required]
    [RegularExpression("^(Local|Azure)$", ErrorMessage = "Kardiaflow:Profile must be 'Local' or 'Azure'.")]
    public string Profile { get; set; } = Local;

    public bool IsAzure => string.Equals(Profile, Azure, StringComparison.Ordinal);
}
