using Kardiaflow.Client;

return await KardiaflowCommandLine.InvokeAsync(args);
