using System.Globalization;
using System.Text.Json;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.ConcurrentWriter;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Storage;

// Usage: ConcurrentWriter <lake root> <table path> <writer id> <appends> <rows per append>
//   Appends rows with ids writer*1_000_000 + append*1_000 + i, each append idempotent under txn (writer-<id>, append).
// Usage: ConcurrentWriter mixed <lake root> <table path> <writer id> <ops> <seed> <go file>
//   Waits for <go file>, runs MixedWorkload and prints one JSON WorkloadOutcome per line.
if (args.Length == 7 && args[0] == "mixed")
{
    var go = args[6];
    while (!File.Exists(go))
    {
        await Task.Delay(5);
    }

    await MixedWorkload.RunAsync(
        new LocalLakeStorage(args[1]), args[2], Int(args[3]), Int(args[4]), Int(args[5]),
        outcome => Console.Out.WriteLine(JsonSerializer.Serialize(outcome)), CancellationToken.None);
    return 0;
}

if (args.Length != 5)
{
    Console.Error.WriteLine("usage: ConcurrentWriter <lake root> <table path> <writer id> <appends> <rows per append>");
    Console.Error.WriteLine("       ConcurrentWriter mixed <lake root> <table path> <writer id> <ops> <seed> <go file>");
    return 2;
}

var storage = new LocalLakeStorage(args[0]);
var writer = Int(args[2]);
var appends = Int(args[3]);
var rowsPerAppend = Int(args[4]);
var table = await DeltaTable.OpenAsync(storage, args[1], CancellationToken.None);
for (var a = 0; a < appends; a++)
{
    var rows = Enumerable.Range(0, rowsPerAppend)
        .Select(i => new object?[] { (long)writer * 1_000_000 + a * 1_000 + i, $"w{writer}", (decimal)a, new DateOnly(2024, 1, 1), "EU" })
        .ToArray();
    await table.AppendAsync(rows, new TxnAction($"writer-{writer}", a), CancellationToken.None);
}

return 0;

static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
