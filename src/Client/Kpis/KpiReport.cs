using System.Globalization;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Gold;
using Spectre.Console;

namespace Kardiaflow.Client.Kpis;

/// <summary>The KPI summary, as the dashboard shows it: one Spectre table per KPI, read from the Gold tables.</summary>
internal static class KpiReport
{
    public static async Task WriteAsync(IAnsiConsole console, ILakeStorage storage, CancellationToken cancellationToken)
    {
        var spend = await GoldRows.ReadAsync(storage, GoldTables.Provider7dSpend.Path, [1, 2, 3], cancellationToken);
        var trend = new Table().Title("7-day spend trend (all providers)").AddColumns("spend_date", "daily spend", "providers", "sum of rolling 7d spend").RightAlign(1, 2, 3);
        foreach (var day in spend.GroupBy(r => (DateOnly)r[1]!).OrderByDescending(g => g.Key).Take(7).OrderBy(g => g.Key))
        {
            trend.AddRow(Text(day.Key), ConsoleTables.Money(day.Sum(r => r[2] as double? ?? 0)), ConsoleTables.Count(day.Count()), ConsoleTables.Money(day.Sum(r => r[3] as double? ?? 0)));
        }

        console.Write(trend);

        var approval = await GoldRows.ReadAsync(storage, GoldTables.ClaimApprovalBySpecialty.Path, [0, 1, 3], cancellationToken);
        var denials = (await GoldRows.ReadAsync(storage, GoldTables.ClaimDenialBreakdown.Path, [0, 2], cancellationToken))
            .GroupBy(r => (string)r[0]!).ToDictionary(g => g.Key, g => g.Sum(r => (long)r[2]!), StringComparer.Ordinal);
        var denial = new Table().Title("Denial rate by specialty").AddColumns("specialty", "claims", "denied", "denial rate", "approval rate").RightAlign(1, 2, 3, 4);
        foreach (var r in approval.OrderByDescending(r => (long)r[1]!))
        {
            var denied = denials.GetValueOrDefault((string)r[0]!);
            denial.AddRow(Text(r[0]), ConsoleTables.Count((long)r[1]!), ConsoleTables.Count(denied), ConsoleTables.Percent((double)denied / (long)r[1]!), ConsoleTables.Percent(r[3] as double? ?? 0));
        }

        console.Write(denial);

        var providers = new Table().Title("Top providers by approved spend").AddColumns("provider_id", "approved spend", "approved claims").RightAlign(1, 2);
        var claims = await GoldRows.ReadAsync(storage, GoldInputs.Claims, [2, 3, 7], cancellationToken);
        foreach (var p in claims.Where(r => (string?)r[7] == "Approved" && r[3] is double)
                     .GroupBy(r => (string)r[2]!).Select(g => (Id: g.Key, Spend: g.Sum(r => (decimal)(double)r[3]!), Count: g.Count()))
                     .OrderByDescending(p => p.Spend).ThenBy(p => p.Id, StringComparer.Ordinal).Take(10))
        {
            providers.AddRow(Markup.Escape(p.Id), ConsoleTables.Money((double)p.Spend), ConsoleTables.Count(p.Count));
        }

        console.Write(providers);

        var satisfaction = new Table().Title("Satisfaction by specialty").AddColumns("specialty", "feedback", "avg score").RightAlign(1, 2);
        foreach (var g in (await GoldRows.ReadAsync(storage, GoldTables.FeedbackSatisfaction.Path, [0, 3, 4], cancellationToken))
                     .GroupBy(r => (string)r[0]!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var scored = g.Where(r => r[4] is double).ToList();
            var weighted = scored.Sum(r => (long)r[3]!) == 0 ? (double?)null : scored.Sum(r => (double)r[4]! * (long)r[3]!) / scored.Sum(r => (long)r[3]!);
            satisfaction.AddRow(Markup.Escape(g.Key), ConsoleTables.Count(g.Sum(r => (long)r[3]!)), weighted is { } w ? ConsoleTables.TwoDecimals(w) : "-");
        }

        console.Write(satisfaction);

        var tags = new Table().Title("Top feedback tags").AddColumns("tag", "feedback", "avg score").RightAlign(1, 2);
        foreach (var r in (await GoldRows.ReadAsync(storage, GoldTables.FeedbackTagAnalysis.Path, [0, 1, 2], cancellationToken))
                     .OrderByDescending(r => (long)r[1]!).ThenBy(r => (string)r[0]!, StringComparer.Ordinal).Take(10))
        {
            tags.AddRow(Text(r[0]), ConsoleTables.Count((long)r[1]!), r[2] is double score ? ConsoleTables.TwoDecimals(score) : "-");
        }

        console.Write(tags);

        var lifecycle = await GoldRows.ReadAsync(storage, GoldTables.PatientLifecycle.Path, [4, 5], cancellationToken);
        var patients = new Table().Title("Patients: new vs returning").AddColumns("classification", "patients", "avg visits").RightAlign(1, 2);
        foreach (var g in lifecycle.GroupBy(r => (string)r[5]!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            patients.AddRow(Text(g.Key), ConsoleTables.Count(g.Count()), ConsoleTables.TwoDecimals(g.Average(r => (long)r[4]!)));
        }

        console.Write(patients);
    }

    private static string Text(object? value) => Markup.Escape(value switch
    {
        null => "-",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    });
}
