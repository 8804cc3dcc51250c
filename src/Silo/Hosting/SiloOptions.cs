namespace Kardiaflow.Silo.Hosting;

/// <summary>Options bound from one configuration section, validated by their data annotations when the host starts.</summary>
internal static class SiloOptions
{
    /// <summary>Registers the validated options and returns the values as configured now (for choices made while building).</summary>
    public static T AddValidated<T>(IServiceCollection services, IConfiguration configuration, string section)
        where T : class, new()
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        var value = configuration.GetSection(section).Get<T>() ?? new T();

        // Building the silo makes choices from these values before the host validates them: validate now, so a bad value
        // stops the silo with its own message instead of a confusing failure further on.
        var context = new System.ComponentModel.DataAnnotations.ValidationContext(value);
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(value, context, results, validateAllProperties: true))
        {
            throw new Startup.SiloStartupException(string.Join(" ", results.Select(r =>
                r.ErrorMessage is { } message && message.Contains(section, StringComparison.Ordinal) ? message : $"{section}: {r.ErrorMessage}")));
        }

        return value;
    }
}
