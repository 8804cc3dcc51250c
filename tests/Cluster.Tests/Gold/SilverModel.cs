namespace Kardiaflow.Cluster.Tests.Gold;

/// <summary>
/// The Silver tables' intended contents after a submission, generated deterministically: changing claims (status and
/// amount changes, deletions, Approved → Denied), late provider dimensions, rapid-fire claims, amount outliers, and
/// feedback with tags, sources and visit ids.
/// </summary>
internal sealed class SilverModel
{
    public int Submission { get; private init; }

    public Dictionary<string, TestClaim> Claims { get; private init; } = new(StringComparer.Ordinal);

    public Dictionary<string, TestEncounter> Encounters { get; private init; } = new(StringComparer.Ordinal);

    public Dictionary<string, TestFeedback> Feedback { get; private init; } = new(StringComparer.Ordinal);

    /// <summary>Current specialty per provider id; a provider not here is missing (late dimension).</summary>
    public Dictionary<string, string?> Specialties { get; private init; } = new(StringComparer.Ordinal);

    private static readonly string[] SpecialtyNames = ["Cardiology", "Oncology", "Pediatrics", "Neurology", "Dermatology"];
    private static readonly string[] Statuses = ["Approved", "Approved", "Denied", "Pending"];
    private static readonly string[] Procedures = ["P10", "P20", "P30", "P40", "P50", "P60", "P70"];
    private static readonly string[] Diagnoses = ["D1", "D2", "D3", "D4"];
    private static readonly string?[] Sources = ["web", "kiosk", "email", null];
    private static readonly string[] TagNames = ["wait-time", "staff", "billing", "clean", "parking"];

    public static SilverModel First(int seed)
    {
        var random = new Random(seed);
        var model = new SilverModel { Submission = 1 };
        // Half the providers are known from the start; the others arrive in a later submission.
        for (var p = 0; p < 10; p++)
        {
            model.Specialties[$"PR{p}"] = p == 9 ? null : SpecialtyNames[p % SpecialtyNames.Length];
        }

        for (var i = 0; i < 240; i++)
        {
            model.AddClaim(random, $"C{i:D4}");
        }

        // Rapid fire: 7 claims of one patient on one day (and 5 on another, under the threshold).
        for (var i = 0; i < 7; i++)
        {
            model.Claims[$"RF{i}"] = new TestClaim($"RF{i}", "PAT-RF", "PR1", 50 + i, new DateOnly(2024, 3, 5), "D1", "P20", "Approved");
        }

        for (var i = 0; i < 5; i++)
        {
            model.Claims[$"RG{i}"] = new TestClaim($"RG{i}", "PAT-RG", "PR2", 70, new DateOnly(2024, 3, 6), "D2", "P20", "Denied");
        }

        // Outliers: 40 claims of one procedure near 100, two far away.
        for (var i = 0; i < 40; i++)
        {
            model.Claims[$"OX{i}"] = new TestClaim($"OX{i}", $"PAT{i % 9}", $"PR{i % 10}", 100 + (i % 7) * 0.25, new DateOnly(2024, 3, 1 + (i % 20)), "D3", "PX", "Approved");
        }

        model.Claims["OX-HIGH"] = new TestClaim("OX-HIGH", "PAT1", "PR3", 5000.5, new DateOnly(2024, 3, 9), "D3", "PX", "Approved");
        model.Claims["OX-LOW"] = new TestClaim("OX-LOW", "PAT2", "PR4", 0.01, new DateOnly(2024, 3, 9), "D3", "PX", "Denied");
        for (var i = 0; i < 120; i++)
        {
            var patient = $"PAT{random.Next(30)}";
            var start = random.Next(10) == 0 ? (DateTime?)null : new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(120));
            model.Encounters[$"E{i:D4}"] = new TestEncounter($"E{i:D4}", patient, start);
        }

        for (var i = 0; i < 90; i++)
        {
            model.AddFeedback(random, $"F{i:D4}");
        }

        return model;
    }

    /// <summary>The next submission: changes, deletions, additions, and late dimensions arriving.</summary>
    public SilverModel Next(int seed)
    {
        var random = new Random(seed);
        var next = new SilverModel
        {
            Submission = Submission + 1,
            Claims = new Dictionary<string, TestClaim>(Claims, StringComparer.Ordinal),
            Encounters = new Dictionary<string, TestEncounter>(Encounters, StringComparer.Ordinal),
            Feedback = new Dictionary<string, TestFeedback>(Feedback, StringComparer.Ordinal),
            Specialties = new Dictionary<string, string?>(Specialties, StringComparer.Ordinal),
        };
        var ids = next.Claims.Keys.Where(k => k.StartsWith('C')).OrderBy(k => k, StringComparer.Ordinal).ToList();
        foreach (var id in ids.Where((_, i) => i % 9 == Submission % 9))
        {
            var c = next.Claims[id];
            next.Claims[id] = c with
            {
                Status = c.Status == "Approved" ? "Denied" : Statuses[random.Next(Statuses.Length)],
                Amount = random.Next(4) == 0 ? c.Amount : Math.Round(random.NextDouble() * 900, 3),
            };
        }

        foreach (var id in ids.Where((_, i) => i % 31 == Submission))
        {
            next.Claims.Remove(id);
        }

        for (var i = 0; i < 40; i++)
        {
            next.AddClaim(random, $"C{Submission + 1}-{i:D3}");
        }

        // A rapid-fire day grows, another drops below the threshold, an outlier comes back to normal.
        next.Claims[$"RG-{Submission}"] = new TestClaim($"RG-{Submission}", "PAT-RG", "PR2", 70, new DateOnly(2024, 3, 6), "D2", "P20", "Denied");
        next.Claims.Remove($"RF{Submission}");
        if (next.Claims.TryGetValue("OX-LOW", out var low))
        {
            next.Claims["OX-LOW"] = low with { Amount = 101.0 };
        }

        // Late dimensions: a provider without specialty gets one, new providers appear.
        next.Specialties["PR9"] = "Oncology";
        next.Specialties[$"PR{10 + Submission}"] = SpecialtyNames[Submission % SpecialtyNames.Length];
        foreach (var id in next.Encounters.Keys.Where((_, i) => i % 13 == Submission).ToList())
        {
            next.Encounters.Remove(id);
        }

        for (var i = 0; i < 25; i++)
        {
            next.Encounters[$"E{Submission + 1}-{i:D3}"] = new TestEncounter(
                $"E{Submission + 1}-{i:D3}", $"PAT{random.Next(40)}", new DateTime(2024, 2, 1, 8, 30, 0, DateTimeKind.Utc).AddDays(random.Next(60)));
        }

        for (var i = 0; i < 30; i++)
        {
            next.AddFeedback(random, $"F{Submission + 1}-{i:D3}");
        }

        return next;
    }

    private void AddClaim(Random random, string id)
    {
        var amount = random.Next(12) == 0 ? (double?)null : Math.Round(random.NextDouble() * 1000, 3);
        var date = random.Next(15) == 0 ? (DateOnly?)null : new DateOnly(2024, 3, 1).AddDays(random.Next(25));
        Claims[id] = new TestClaim(
            id, $"PAT{random.Next(40)}", $"PR{random.Next(14)}", amount, date, Diagnoses[random.Next(Diagnoses.Length)],
            random.Next(20) == 0 ? null : Procedures[random.Next(Procedures.Length)], Statuses[random.Next(Statuses.Length)]);
    }

    private void AddFeedback(Random random, string id)
    {
        var encounterIds = Encounters.Keys.ToList();
        var visit = random.Next(5) switch
        {
            0 => null,
            1 => "E-NOPE-" + id,
            _ => encounterIds[random.Next(encounterIds.Count)],
        };
        var tags = random.Next(4) == 0 ? null : TagNames.Where(_ => random.Next(3) == 0).ToArray();
        Feedback[id] = new TestFeedback(
            id, random.Next(15) == 0 ? null : $"PR{random.Next(14)}", random.Next(10) == 0 ? null : random.Next(1, 6),
            Sources[random.Next(Sources.Length)], tags, visit);
    }
}
