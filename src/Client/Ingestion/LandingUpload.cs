using Azure.Storage.Blobs;
using Kardiaflow.Client.Hosting;
using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Grains.Ingestion;
using Kardiaflow.Pipeline.Ingestion;
using Spectre.Console;

namespace Kardiaflow.Client.Ingestion;

/// <summary>
/// Azure profile: the silos may run on other machines, so <c>submit</c> uploads the submission's files into the lake
/// container's landing zone (<c>_landing/&lt;job id&gt;/&lt;relative path&gt;</c>) and submits that instead of a local
/// folder. A path that leads outside the submission (a symbolic link) is refused here, before anything of the file behind
/// it is read, just as a Local-profile silo refuses it.
/// </summary>
internal static class LandingUpload
{
    private const int ParallelUploads = 4;

    public static async Task<SubmissionRequest> UploadAsync(
        ClientProfile profile, SubmissionRequest local, string jobId, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var container = profile.Azure.Blobs.GetBlobContainerClient(profile.Lake.Container);
        var root = LandingZone.RootFor(jobId);
        var candidates = local.Paths.Count > 0 ? local.Paths.Select(SourceFiles.Normalize).ToList() : Enumerate(local.Root, console);
        var uploaded = new List<string>();
        var bytes = 0L;
        foreach (var relativePath in candidates)
        {
            try
            {
                var file = SourceFiles.Resolve(local.Root, relativePath);
                uploaded.Add(file.RelativePath);
                bytes += file.Length;
            }
            catch (InputFileException e) when (e.Kind == InputFileErrorKind.OutsideSubmission)
            {
                console.WriteLine($"Not uploaded: {e.Message}");
            }
            catch (InputFileException)
            {
                // Unknown extensions and unreadable files are uploaded as they are, so the job reports them with the rest.
                uploaded.Add(relativePath);
            }
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ParallelUploads, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(uploaded, parallel, async (relativePath, token) =>
        {
            var blob = container.GetBlobClient($"{root}/{relativePath}");
            var path = Path.Combine(local.Root, relativePath);
            if (File.Exists(path))
            {
                await blob.UploadAsync(path, token);
            }
        });

        console.WriteLine($"Uploaded {uploaded.Count} files ({bytes:N0} bytes) to {container.Name}/{root}.");
        return local with { Root = root, Paths = local.Paths.Count > 0 ? uploaded : [] };
    }

    // Every file under the root (hidden ones too: the job reports them), without walking into symbolic links to folders:
    // a link that leads out is named and refused before anything behind it is listed, as the silo's own listing does.
    private static List<string> Enumerate(string root, IAnsiConsole console)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false };
        var files = new List<string>();
        var folders = new Stack<string>([root]);
        while (folders.Count > 0)
        {
            foreach (var entry in new DirectoryInfo(folders.Pop()).EnumerateFileSystemInfos("*", options))
            {
                var relative = SourceFiles.RelativeTo(root, entry.FullName);
                if (entry.LinkTarget is not null && entry is DirectoryInfo)
                {
                    console.WriteLine(SourceFiles.LinkLeadsOutside(root, entry.FullName)
                        ? $"Not uploaded: '{relative}' is a symbolic link that leads outside the submitted folder; it is not followed."
                        : $"Not uploaded: '{relative}' is a symbolic link to a folder; it is not followed.");
                }
                else if (entry is DirectoryInfo)
                {
                    folders.Push(entry.FullName);
                }
                else
                {
                    files.Add(relative);
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
