using Kardiaflow.Bench.Lakehouse;

// dotnet run -c Release --project bench -- <section> [args]; each section lives in its own folder.
return args.FirstOrDefault() switch
{
    "lakehouse" => await LakehouseBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: bench <section> [args]   sections: lakehouse [rows] [commits]");
    return 2;
}
