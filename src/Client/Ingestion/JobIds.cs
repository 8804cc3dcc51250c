using System.Globalization;

namespace Kardiaflow.Client.Ingestion;

/// <summary>New job ids: sortable by time, unique, safe in file names and in <c>_batch_id</c>.</summary>
internal static class JobIds
{
    public static string New() =>
        "job-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
}
