using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>
/// Turns a submission into its files: resolved safely under the root (no symlink escapes), identified by relative path and
/// content hash, planned into parts, in commit order (dataset, then relative path, ordinal). A file that cannot be taken
/// (unknown extension, outside the root, unreadable) is listed with its error and fails alone.
/// </summary>
public static class SubmissionLister
{
    public static async Task<IReadOnlyList<ListedFile>> ListAsync(SubmissionRequest request, IngestionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(request.Root))
        {
            throw new SubmissionException($"The submission folder '{request.Root}' does not exist.");
        }

        DatasetDefinition? explicitDataset = null;
        if (request.Dataset is { } name && !DatasetCatalog.TryGet(name, out explicitDataset))
        {
            throw new SubmissionException($"Unknown dataset '{name}'. Known datasets: {string.Join(", ", DatasetCatalog.All.Select(d => d.Name))}.");
        }

        var hidden = new List<string>();
        var links = new List<(string Path, string Reason, bool Refused)>();
        var candidates = request.Paths.Count > 0
            ? request.Paths.Select(p => Path.IsPathRooted(p) ? p : SourceFiles.Normalize(p)).ToList()
            : Enumerate(request.Root, hidden, links);
        if (candidates.Count == 0 && links.Count == 0)
        {
            var ignored = hidden.Count == 0 ? "" : $"; {hidden.Count} hidden or marker files and folders (names starting with '.' or '_') are not input";
            throw new SubmissionException(
                $"The submission folder '{request.Root}' holds no input files (expected one subfolder per dataset: {string.Join(", ", DatasetCatalog.All.Select(d => d.Name + "/"))}){ignored}.");
        }

        // Hashing reads every byte of the submission before any part can start: spread it over the cores. The bodies run
        // on the thread pool (not the calling grain's scheduler) and each fills only its own slot.
        var files = new ListedFile[candidates.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, TaskScheduler = TaskScheduler.Default, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, candidates.Count), parallel, async (i, token) =>
        {
            var relativePath = candidates[i];
            var dataset = explicitDataset ?? DatasetOf(relativePath);
            files[i] = dataset is null
                ? new ListedFile("", relativePath, 0, "", [], $"Input file '{relativePath}': it is not in a dataset folder ({string.Join(", ", DatasetCatalog.All.Select(d => d.Name + "/"))}) and no dataset was given.")
                : await IdentifyAsync(request.Root, dataset, relativePath, options, token);
        });

        var order = DatasetCatalog.All.Select((d, i) => (d.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        // Said, not silently ignored: each hidden file or folder is listed as skipped (a folder once, not its files).
        var skipped = hidden.Select(relative => new ListedFile(
            (explicitDataset ?? DatasetOf(relative))?.Name ?? "", relative, 0, "", [], null,
            relative.EndsWith('/') ? "a hidden or marker folder (name starting with '.' or '_'), not input" : "a hidden or marker file (name starting with '.' or '_'), not input"));
        // A symbolic link is judged by where it leads before anything behind it is touched: out of the submission it is
        // refused (named, nothing of its target read or reported); to a folder inside it is not followed (its files are
        // input under their own path).
        var linked = links.Select(l => new ListedFile(
            DatasetOf(l.Path)?.Name ?? explicitDataset?.Name ?? "", l.Path, 0, "", [], l.Refused ? $"Input file '{l.Path}': {l.Reason}" : null, l.Refused ? null : l.Reason));
        return files.Concat(skipped).Concat(linked)
            .OrderBy(f => order.GetValueOrDefault(f.Dataset, int.MaxValue))
            .ThenBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<ListedFile> IdentifyAsync(string root, DatasetDefinition dataset, string relativePath, IngestionOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var file = SourceFiles.Resolve(root, relativePath);
            var hash = await SourceFiles.ComputeSha256Async(file, cancellationToken);
            var parts = await FilePartPlanner.PlanAsync(file, options.TargetPartBytes, cancellationToken);
            return new ListedFile(dataset.Name, file.RelativePath, file.Length, hash, parts.Select(p => p.ToMessage()).ToList(), null);
        }
        catch (InputFileException e)
        {
            return new ListedFile(dataset.Name, relativePath, 0, "", [], e.Message);
        }
    }

    private static DatasetDefinition? DatasetOf(string relativePath)
    {
        var slash = relativePath.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && DatasetCatalog.TryGet(relativePath[..slash], out var dataset) ? dataset : null;
    }

    // Like Spark's file sources, names starting with '.' or '_' (hidden files, _SUCCESS markers) are not input; they are
    // collected in hidden (a folder as "path/", without walking into it) so the submitter is told. Symbolic links to
    // folders are never walked into; links leading out of the root are collected in links, unread.
    private static List<string> Enumerate(string root, List<string> hidden, List<(string Path, string Reason, bool Refused)> links)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false };
        var files = new List<string>();
        var folders = new Stack<string>([root]);
        while (folders.Count > 0)
        {
            var folder = folders.Pop();
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options))
            {
                var relative = SourceFiles.RelativeTo(root, entry.FullName);
                var isFolder = entry is DirectoryInfo && entry.LinkTarget is null;
                if (entry.Name.StartsWith('.') || entry.Name.StartsWith('_'))
                {
                    hidden.Add(isFolder ? relative + "/" : relative);
                }
                else if (isFolder)
                {
                    folders.Push(entry.FullName);
                }
                else if (entry.LinkTarget is not null && SourceFiles.LinkLeadsOutside(root, entry.FullName))
                {
                    links.Add((relative, "a symbolic link that leads outside the submitted folder; it is not followed and nothing behind it is read.", true));
                }
                else if (entry is DirectoryInfo)
                {
                    links.Add((relative + "/", "a symbolic link to a folder, not followed (the folder's own files are input under their own path)", false));
                }
                else
                {
                    files.Add(relative);
                }
            }
        }

        return files;
    }
}
