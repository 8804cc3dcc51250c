using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>The Silver tables whose change feeds Gold follows (paths relative to the lake root).</summary>
public static class GoldInputs
{
    public const string Claims = SilverTables.Directory + SilverTables.Claims;
    public const string ClaimsEnriched = SilverTables.Directory + SilverTables.ClaimsEnriched;
    public const string EncountersEnriched = SilverTables.Directory + SilverTables.EncountersEnriched;
    public const string FeedbackEnriched = SilverTables.Directory + SilverTables.FeedbackEnriched;

    public static IReadOnlyList<string> All { get; } = [Claims, ClaimsEnriched, EncountersEnriched, FeedbackEnriched];
}
