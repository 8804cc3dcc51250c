using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Cluster.Tests.Gold;

internal static class SilverModelEdits
{
    public static SilverModel WithClaim(SilverModel model, TestClaim claim)
    {
        var next = model.Next(seed: 0);
        // Next() makes many changes; keep only the previous model plus this claim.
        next.Claims.Clear();
        foreach (var (id, c) in model.Claims)
        {
            next.Claims[id] = c;
        }

        next.Claims[claim.Id] = claim;
        next.Encounters.Clear();
        foreach (var (id, e) in model.Encounters)
        {
            next.Encounters[id] = e;
        }

        next.Feedback.Clear();
        foreach (var (id, f) in model.Feedback)
        {
            next.Feedback[id] = f;
        }

        next.Specialties.Clear();
        foreach (var (id, s) in model.Specialties)
        {
            next.Specialties[id] = s;
        }

        return next;
    }

    public static async Task<long> ReadVersionAsync(this ILakeStorage storage, string table) =>
        (await Snapshot.LoadAsync(storage, table, null, CancellationToken.None)).Version;
}
