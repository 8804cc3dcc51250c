using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Storage;

// Usage: ConcurrentWriter <lake root> <table path> <writer id> <appends> <rows per append>
// Appends rows with ids writer*1_000_000 + append*1_000 + i, each append idempotent under txn (writer-<id>, append).
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: ConcurrentWriter <lake root> <table path> <writer id> <appends> <rows per append>");
    return 2;
}

var storage = new LocalLakeStorage(args[0]);
var writer = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var appends = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
var rowsPerAppend = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
var table = await DeltaTable.OpenAsync(storage, args[1], CancellationToken.None);
for (var a = 0; a < appends; a++)
{
    var rows = Enumerable.Range(0, rowsPerAppend)
        .Select(i => new object?[] { (long)writer * 1_000_000 + a * 1_000 + i, $"w{writer}", (decimal)a, new DateOnly(2024, 1, 1), "EU" })
        .ToArray();
    await table.AppendAsync(rows, new TxnAction($"writer-{writer}", a), CancellationToken.None);
}

return 0;
