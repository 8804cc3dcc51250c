using Kardiaflow.Bench.Arrivals;
using Kardiaflow.Bench.EndToEnd;
using Kardiaflow.Bench.EventHubs;
using Kardiaflow.Bench.Lakehouse;
using Kardiaflow.Bench.Pipeline;

// dotnet run -c Release --project bench -- <section> [args]; each section lives in its own folder. Options alone
// (`bench -- --patients N`) run the end-to-end section, the harness of issue 6.
return args.FirstOrDefault() switch
{
    null or ['-', '-', ..] => await EndToEndBenchmark.RunAsync(args, CancellationToken.None),
    "lakehouse" => await LakehouseBench.RunAsync(args[1..]),
    "arrivals" => await ArrivalsBenchmark.RunAsync(args[1..], CancellationToken.None),
    "bronze" => await BronzeBenchmark.RunAsync(args[1..], CancellationToken.None),
    "e2e" => await EndToEndBenchmark.RunAsync(args[1..], CancellationToken.None),
    "duckdb-e2e" => await EndToEndBenchmark.RunPeerAsync(args[1..], CancellationToken.None),
    "duckdb-bronze" => await BronzeBenchmark.RunPeerAsync(args[1..], CancellationToken.None),
    "bronze-profile" => await BronzeProfile.RunAsync(args[1..], CancellationToken.None),
    "kardiaflow-bronze" => await KardiaflowBronzeRun.RunAsync(args[1..], CancellationToken.None),
    "eventhubs" => await EventHubsEndpointBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: bench [<section>] [args]   sections: lakehouse [rows] [commits] | eventhubs [events] | arrivals [--rates 1000,5000,10000] [--seconds S] [--gold-interval T] | bronze|e2e [--patients N] [--seed S] [--work DIR] (e2e: [--parts P] [--timeout-minutes M]); no section = e2e");
    return 2;
}
