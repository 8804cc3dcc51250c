using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Client.Ingestion;

/// <summary>Turns a command line's PATH and <c>--dataset</c> into a <see cref="SubmissionRequest"/>, or a usage error.</summary>
internal static class SubmissionPaths
{
    public static SubmissionRequest? TryCreate(string path, string? dataset, out string? error)
    {
        error = null;
        if (dataset is not null && !DatasetCatalog.TryGet(dataset, out _))
        {
            error = $"Unknown dataset '{dataset}'. Known datasets: {string.Join(", ", DatasetCatalog.All.Select(d => d.Name))}.";
            return null;
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return new SubmissionRequest(Path.TrimEndingDirectorySeparator(full), dataset, []);
        }

        if (File.Exists(full))
        {
            // A single file: its folder is the root. Without --dataset, the folder must be named after a dataset.
            var folder = Path.GetDirectoryName(full)!;
            var name = dataset ?? Path.GetFileName(folder);
            if (!DatasetCatalog.TryGet(name, out var resolved))
            {
                error = $"'{path}' is a single file: name its dataset with --dataset ({string.Join(", ", DatasetCatalog.All.Select(d => d.Name))}).";
                return null;
            }

            // In a dataset folder (…/patients/x.csv) the root is its parent, so the file keeps the relative path
            // (patients/x.csv) it has when the whole folder is submitted, and is recognised as already ingested.
            if (DatasetCatalog.TryGet(Path.GetFileName(folder), out var folderDataset) && folderDataset == resolved
                && Path.GetDirectoryName(folder) is { } parent)
            {
                return new SubmissionRequest(parent, resolved.Name, [$"{Path.GetFileName(folder)}/{Path.GetFileName(full)}"]);
            }

            return new SubmissionRequest(folder, resolved.Name, [Path.GetFileName(full)]);
        }

        error = $"'{path}' does not exist.";
        return null;
    }
}
