using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;

namespace Kardiaflow.Pipeline.Tests.Ingestion;

public sealed class SampleDataTests
{
    [Fact]
    public async Task Patients_give_3000_rows_and_quarantine_the_broken_header_line()
    {
        var result = await ReadHelpers.ReadDatasetAsync(DatasetCatalog.Patients);
        Assert.Equal(3000, result.Rows.Count);
        var bad = Assert.Single(result.Quarantined);
        Assert.Equal(1, bad.SourceRow);
        Assert.Contains("expected 17 fields", bad.Reason, StringComparison.Ordinal);
        Assert.Contains("found 1", bad.Reason, StringComparison.Ordinal);
        Assert.Equal("ADDRESS", bad.Raw);
        Assert.Equal(3001, result.Counts.RecordsRead);
    }

    [Fact]
    public async Task Patients_blank_header_name_binds_ADDRESS_by_position()
    {
        var result = await ReadHelpers.ReadAsync(ReadHelpers.SampleRoot, "patients/patients_part_1.csv", DatasetCatalog.Patients);
        var p = DatasetCatalog.Patients;
        Assert.Equal(1000, result.Rows.Count);
        Assert.Equal("PSC 2856, Box 5760 APO AA 75629", result.Value(0, "ADDRESS", p));
        Assert.Equal("Kathleentown, ME", result.Value(0, "BIRTHPLACE", p));
        Assert.Null(result.Value(0, "DEATHDATE", p));
        Assert.Null(result.Value(0, AuditColumns.RescuedData, p));
        Assert.Equal(2L, result.Value(0, AuditColumns.SourceRow, p));
        Assert.Equal("patients/patients_part_1.csv", result.Value(0, AuditColumns.SourceFile, p));
        Assert.All(result.Rows, r => Assert.Null(r[p.RawColumnCount + AuditColumns.RescuedDataOffset]));
    }

    [Fact]
    public async Task Duplicate_patient_ids_all_stay_in_Bronze()
    {
        var result = await ReadHelpers.ReadDatasetAsync(DatasetCatalog.Patients);
        var duplicated = result.Rows.GroupBy(r => (string)r[0]!).Count(g => g.Count() > 1);
        Assert.Equal(17, duplicated);
        Assert.Equal(3000, result.Rows.Count);
    }

    [Fact]
    public async Task Encounters_give_15000_rows_with_mostly_NaN_reason_codes()
    {
        var e = DatasetCatalog.Encounters;
        var result = await ReadHelpers.ReadDatasetAsync(e);
        Assert.Equal(15000, result.Rows.Count);
        Assert.Empty(result.Quarantined);
        var reason = e.BronzeSchema.IndexOf("REASONCODE");
        var nan = result.Rows.Count(r => r[reason] is double d && double.IsNaN(d));
        Assert.True(nan > 7500, $"only {nan} NaN reason codes");
        Assert.Contains(result.Rows, r => r[reason] is double d && !double.IsNaN(d));
        Assert.All(result.Rows, r => Assert.IsType<long>(r[e.BronzeSchema.IndexOf("CODE")]));
    }

    [Fact]
    public async Task Providers_give_2694_rows()
    {
        var result = await ReadHelpers.ReadDatasetAsync(DatasetCatalog.Providers);
        Assert.Equal(2694, result.Rows.Count);
        Assert.Empty(result.Quarantined);
    }

    [Fact]
    public async Task Feedback_gives_1500_rows_310_without_visit_id_and_typed_tags_and_metadata()
    {
        var f = DatasetCatalog.Feedback;
        var result = await ReadHelpers.ReadDatasetAsync(f);
        Assert.Equal(1500, result.Rows.Count);
        Assert.Empty(result.Quarantined);
        Assert.Equal(310, result.Rows.Count(r => r[f.BronzeSchema.IndexOf("visit_id")] is null));
        Assert.All(result.Rows, r => Assert.IsType<int>(r[f.BronzeSchema.IndexOf("satisfaction_score")]));
        var tags = result.Rows.Select(r => r[f.BronzeSchema.IndexOf("tags")]).Where(t => t is not null).ToList();
        Assert.NotEmpty(tags);
        Assert.All(tags, t => Assert.All(Assert.IsAssignableFrom<IReadOnlyList<object?>>(t), x => Assert.IsType<string>(x)));
        var metadata = result.Rows.Select(r => r[f.BronzeSchema.IndexOf("metadata_json")]).OfType<string>().ToList();
        Assert.NotEmpty(metadata);
        Assert.All(metadata, m => Assert.StartsWith("{", m, StringComparison.Ordinal));
        Assert.All(result.Rows, r => Assert.Null(r[f.RawColumnCount + AuditColumns.RescuedDataOffset]));
    }

    [Fact]
    public async Task Scanner_lists_the_sample_in_path_order_with_datasets()
    {
        var files = SubmissionScanner.Scan(ReadHelpers.SampleRoot);
        Assert.Equal(15, files.Count);
        Assert.All(files, f => Assert.True(f.IsIngestible, f.Problem));
        Assert.Equal("claims/claims_part_1.parquet", files[0].RelativePath);
        Assert.Equal(files.Select(f => f.RelativePath).Order(StringComparer.Ordinal), files.Select(f => f.RelativePath));
    }

    [Fact]
    public async Task Claims_give_3000_rows_with_double_amounts()
    {
        var c = DatasetCatalog.Claims;
        var result = await ReadHelpers.ReadDatasetAsync(c);
        Assert.Equal(3000, result.Rows.Count);
        Assert.Empty(result.Quarantined);
        Assert.All(result.Rows, r => Assert.True(r[c.BronzeSchema.IndexOf("ClaimAmount")] is null or double));
        Assert.All(result.Rows, r => Assert.Null(r[c.RawColumnCount + AuditColumns.RescuedDataOffset]));
    }
}
