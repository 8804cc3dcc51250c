using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace Kardiaflow.Silo;

/// <summary>
/// <c>Kardiaflow.Silo --help</c>: the settings the silo reads, with their defaults and allowed ranges, instead of
/// starting it. The list is every options class of the silo and grains assemblies that names its
/// <c>SectionName</c>, read by reflection, so a new options class is listed without touching this file.
/// </summary>
internal static class SiloHelp
{
    public static bool Requested(IReadOnlyList<string> args) =>
        args.Any(a => a is "--help" or "-h" or "-?" or "help");

    public static void Write(TextWriter output)
    {
        output.WriteLine("Kardiaflow silo: runs the Orleans silo with its web endpoints (/health, /alive, /dashboard).");
        output.WriteLine();
        output.WriteLine("Usage: dotnet run --project src/Silo [-- --Section:Key=value ...]");
        output.WriteLine("Settings come from appsettings.json, environment variables (Kardiaflow__Lake__Root=...) and the command line");
        output.WriteLine("(--Kardiaflow:Lake:Root=...), later ones winning. Connection strings: ConnectionStrings:Storage, ConnectionStrings:EventHubs.");
        output.WriteLine();
        var assemblies = new[] { typeof(SiloHelp).Assembly, typeof(Grains.Silver.SilverOptions).Assembly };
        var settings = assemblies.SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Section: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(o => o.Section is not null && o.Type.GetConstructor(Type.EmptyTypes) is not null)
            .SelectMany(o => Settings(o.Type, o.Section!))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        var width = settings.Max(s => s.Key.Length);
        output.WriteLine("Settings (default; allowed values):");
        foreach (var (key, value, rule) in settings)
        {
            output.WriteLine($"  {key.PadRight(width)}  {value}{(rule is null ? string.Empty : "; " + rule)}");
        }
    }

    private static IEnumerable<(string Key, string Default, string? Rule)> Settings(Type options, string section)
    {
        var instance = Activator.CreateInstance(options);
        foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var value = property.GetValue(instance);
            var text = value switch
            {
                null => "(none)",
                bool b => b ? "true" : "false",
                string s => s.Length == 0 ? "(empty)" : s,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? string.Empty,
            };
            var range = property.GetCustomAttribute<RangeAttribute>();
            var allowed = property.GetCustomAttribute<AllowedValuesAttribute>();
            var rule = range is not null
                ? Unbounded(range.Maximum) ? $"at least {range.Minimum}" : $"{range.Minimum} to {range.Maximum}"
                : allowed is not null ? string.Join(" | ", allowed.Values) : null;
            yield return ($"{section}:{property.Name}", text, rule);
        }
    }

    /// <summary>A [Range] up to long.MaxValue (stored as a double) or int.MaxValue means "no upper limit".</summary>
    private static bool Unbounded(object maximum) => maximum switch
    {
        double d => d >= long.MaxValue,
        long l => l == long.MaxValue,
        int i => i == int.MaxValue,
        _ => false,
    };
}
