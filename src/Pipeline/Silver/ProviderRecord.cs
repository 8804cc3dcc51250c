namespace Kardiaflow.Pipeline.Silver;

/// <summary>The last Bronze provider row of one commit, as the SCD2 step sees it.</summary>
public sealed record ProviderRecord(
    string ProviderId, string? Specialty, string? Location, DateTime IngestTs, string? BatchId, ArrivalOrder Arrival)
{
    /// <summary>The provider row of a Bronze change row; null when its key is blank or it has no <c>_ingest_ts</c>.</summary>
    public static ProviderRecord? From(BronzeRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var id = row.Text("ProviderID");
        if (string.IsNullOrWhiteSpace(id) || row.IngestTs is not { } ingestTs)
        {
            return null;
        }

        return new ProviderRecord(id, row.Text("ProviderSpecialty"), row.Text("ProviderLocation"), ingestTs, row.BatchId, row.Arrival);
    }
}
