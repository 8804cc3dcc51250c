using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Kardiaflow.Silo.Storage;

/// <summary>Registers <see cref="FileGrainStorage"/> under a provider name.</summary>
public static class FileGrainStorageExtensions
{
    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder builder, string name, string directory)
    {
        var root = Path.GetFullPath(directory);
        builder.Services.AddGrainStorage(name, (services, providerName) => new FileGrainStorage(
            providerName,
            root,
            services.GetRequiredService<IGrainStorageSerializer>(),
            services.GetRequiredService<ILogger<FileGrainStorage>>()));
        return builder;
    }
}
