using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>
/// Lists the files of a submission (docs/data-contract.md (Datasets)): a folder with one subfolder per dataset, or a folder whose
/// files all belong to one explicitly named dataset. Files come back in ordinal order of relative path (the
/// commit order of docs/data-contract.md (Bronze)). Files that cannot be ingested are listed with a problem, never skipped silently,
/// except hidden/marker files whose names start with '.' or '_' (as Spark ignores them).
/// </summary>
public static class SubmissionScanner
{
    public static IReadOnlyList<SubmittedFile> Scan(string rootFolder, string? dataset = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootFolder);
        var root = Path.GetFullPath(rootFolder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The submission folder '{rootFolder}' does not exist.");
        }

        DatasetDefinition? explicitDataset = dataset is null ? null : DatasetCatalog.Get(dataset);
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = 0 };
        var files = new List<SubmittedFile>();
        foreach (var path in Directory.EnumerateFiles(root, "*", options))
        {
            var relative = SourceFiles.RelativeTo(root, path);
            if (IsHidden(relative))
            {
                continue;
            }

            files.Add(Describe(root, relative, explicitDataset));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    private static SubmittedFile Describe(string root, string relative, DatasetDefinition? explicitDataset)
    {
        var datasetName = explicitDataset?.Name;
        if (datasetName is null)
        {
            var slash = relative.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && DatasetCatalog.TryGet(relative[..slash], out var byFolder))
            {
                datasetName = byFolder.Name;
            }
        }

        RawFormats.TryFromPath(relative, out var format);
        try
        {
            var info = SourceFiles.Resolve(root, relative);
            var problem = datasetName is null
                ? $"Input file '{relative}': it is not inside a dataset folder ({string.Join(", ", DatasetCatalog.All.Select(d => d.Name))}) and no dataset was named."
                : null;
            return new SubmittedFile(relative, datasetName, format, info.Length, problem);
        }
        catch (InputFileException e)
        {
            return new SubmittedFile(relative, datasetName, format, 0, e.Message);
        }
    }

    private static bool IsHidden(string relative)
    {
        foreach (var segment in relative.Split('/'))
        {
            if (segment.StartsWith('.') || segment.StartsWith('_'))
            {
                return true;
            }
        }

        return false;
    }
}
