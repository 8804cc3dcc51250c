using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.Silo.Configuration;

/// <summary>Which set of real components the silo uses (<c>Kardiaflow:Profile</c>). Only <c>Local</c> is built so far.</summary>
public sealed class ProfileOptions
{
    public const string SectionName = "Kardiaflow";

    public const string Local = "Local";

    [Required]
    [RegularExpression("^Local$", ErrorMessage = "Kardiaflow:Profile must be 'Local' (the only profile built so far).")]
    public string Profile { get; set; } = Local;
}
