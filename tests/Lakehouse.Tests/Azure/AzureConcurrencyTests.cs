using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Tests.Writing;

namespace Kardiaflow.Lakehouse.Tests.Azure;

public sealed class AzureConcurrencyTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Eight_writers_appending_25_times_on_blob_storage_give_200_contiguous_commits_with_every_row()
    {
        var storage = await azurite.NewStorageAsync("lake");
        await DeltaTable.CreateAsync(storage, "bronze", TestTables.Simple, [], new Dictionary<string, string>(), default);
        var writers = Enumerable.Range(0, ConcurrencyAsserts.Writers).Select(w => Task.Run(async () =>
        {
            var table = await DeltaTable.OpenAsync(storage, "bronze", default);
            for (var a = 0; a < ConcurrencyAsserts.Appends; a++)
            {
                await table.AppendAsync(ConcurrencyAsserts.Rows(w, a), new TxnAction($"writer-{w}", a), default);
            }
        })).ToArray();
        await Task.WhenAll(writers);

        await ConcurrencyAsserts.AssertAllCommittedAsync(storage, "bronze");
        var reopened = await DeltaTable.OpenAsync(storage, "bronze", default);
        Assert.Equal(200, reopened.Version);
        Assert.Equal(200, reopened.Snapshot.CheckpointVersion);
    }
}
