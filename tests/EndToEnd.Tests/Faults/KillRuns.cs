using System.Globalization;

namespace Kardiaflow.EndToEnd.Tests.Faults;

/// <summary>
/// How many seeded kill runs a fault test makes: a few in the fast suite, any number with
/// <c>KARDIAFLOW_KILL_RUNS=N</c> (docs/reliability.md); <c>KARDIAFLOW_KILL_SEED=S</c> starts the seeds elsewhere, so a
/// failed run is repeated by its seed alone.
/// </summary>
internal static class KillRuns
{
    public static int Count(int fastSuiteDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("KARDIAFLOW_KILL_RUNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : fastSuiteDefault;

    public static IEnumerable<int> Seeds(int fastSuiteDefault)
    {
        var first = int.TryParse(Environment.GetEnvironmentVariable("KARDIAFLOW_KILL_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 1600;
        return Enumerable.Range(first, Count(fastSuiteDefault));
    }
}
