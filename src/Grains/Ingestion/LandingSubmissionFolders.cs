using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Lakehouse.Storage;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>
/// Azure profile: copies a submission's files from the landing zone into this silo's temporary folder, once per file and
/// silo, and deletes the folder when the silo stops. Roots that are local folders are still read where they lie (a volume
/// mounted on every silo).
/// </summary>
public sealed partial class LandingSubmissionFolders : ISubmissionFolders, IDisposable
{
    private readonly ILakeStorage _storage;
    private readonly ILogger<LandingSubmissionFolders> _logger;
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "kardiaflow-landing", Guid.NewGuid().ToString("N"));

    // One download per file, shared by the job's listing and the parts that run on this silo.
    private readonly ConcurrentDictionary<string, Lazy<Task>> _downloads = new(StringComparer.Ordinal);

    public LandingSubmissionFolders(ILakeStorage storage, ILogger<LandingSubmissionFolders> logger)
    {
        _storage = storage;
        _logger = logger;
    }

    public async Task<string> LocalFolderAsync(string root, IReadOnlyCollection<string>? relativePaths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!LandingZone.IsLandingRoot(root))
        {
            return root;
        }

        var prefix = root.TrimEnd('/') + "/";
        var folder = Path.Combine(_cache, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prefix)))[..16]);
        var paths = relativePaths ?? await ListAsync(prefix, cancellationToken);
        if (paths.Count == 0)
        {
            throw new SubmissionException($"The landing zone holds nothing under '{prefix}': was the upload completed?");
        }

        await Task.WhenAll(paths.Select(path => _downloads.GetOrAdd(
            prefix + path,
            key => new Lazy<Task>(() => DownloadAsync(key, folder, path, cancellationToken))).Value));
        return folder;
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_cache))
            {
                Directory.Delete(_cache, recursive: true);
            }
        }
        catch (IOException e)
        {
            LogCleanupFailed(_logger, _cache, e.Message);
        }
    }

    private async Task<IReadOnlyCollection<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        await foreach (var entry in _storage.ListAsync(prefix, cancellationToken))
        {
            paths.Add(entry.Path[prefix.Length..]);
        }

        return paths;
    }

    private async Task DownloadAsync(string blob, string folder, string relativePath, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(Path.Combine(folder, relativePath));
        if (!target.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            // A blob name with ".." segments must not write outside this submission's folder.
            throw new SubmissionException($"The landing file '{relativePath}' leads outside its submission and is not read.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + ".download";
        try
        {
            await using (var source = await _storage.OpenReadAsync(blob, cancellationToken))
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await source.CopyToAsync(file, cancellationToken);
            }

            File.Move(temporary, target, overwrite: true);
            LogDownloaded(_logger, relativePath);
        }
        catch (FileNotFoundException)
        {
            // Listed by the job but not uploaded: the file is reported missing by the reader, alone.
            _downloads.TryRemove(blob, out _);
        }
        catch
        {
            _downloads.TryRemove(blob, out _);
            throw;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    [LoggerMessage(EventId = GrainEventIds.LandingFiles.Copied, Level = LogLevel.Debug, Message = "Copied landing file {RelativePath} to this silo's temporary folder")]
    private static partial void LogDownloaded(ILogger logger, string relativePath);

    [LoggerMessage(EventId = GrainEventIds.LandingFiles.CleanupFailed, Level = LogLevel.Warning, Message = "Could not delete the landing cache {Folder}: {Reason}")]
    private static partial void LogCleanupFailed(ILogger logger, string folder, string reason);
}
