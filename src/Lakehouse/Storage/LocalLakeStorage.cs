using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kardiaflow.Lakehouse.Storage;

/// <summary>
/// <see cref="ILakeStorage"/> on a local folder. Objects become visible in one step: content goes to a hidden temp file
/// next to the final name, then a rename (replace) or an exclusive move (put-if-absent) publishes it. The exclusive move
/// is link(2) of the temp file to the final name on Unix (then unlink of the temp name), and MoveFileEx without
/// REPLACE_EXISTING on Windows: both fail atomically when the name exists, so of racing writers — threads or processes —
/// exactly one wins. <see cref="File.Move(string, string, bool)"/> without overwrite is NOT used on Unix: .NET implements
/// it as lstat-then-rename(2), and rename replaces, so two racing processes could both "win" and one commit would be lost
/// (seen with 8 writer processes). Temp files start with '.' so Delta readers ignore them.
/// </summary>
public sealed class LocalLakeStorage : ILakeStorage
{
    private const string TempPrefix = ".kf-tmp-";
    private readonly string _root;

    public LocalLakeStorage(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        _root = Path.GetFullPath(rootDirectory);
    }

    public string Root => _root;

    /// <summary>The absolute file name of a storage path.</summary>
    public string FullPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.StartsWith('/') || path.Split('/').Any(s => s == ".."))
        {
            throw new ArgumentException($"Storage paths are relative and stay under the root: '{path}'.", nameof(path));
        }

        return path.Length == 0 ? _root : Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar));
    }

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var full = FullPath(path);
        try
        {
            Stream stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous);
            return Task.FromResult(stream);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new FileNotFoundException($"No object at '{path}' under '{_root}'.", full, e);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException($"No object at '{path}' under '{_root}'.", full, e);
        }
    }

    public async Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        var full = FullPath(path);
        try
        {
            return await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"No object at '{path}' under '{_root}'.", full, e);
        }
    }

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var full = FullPath(path);
        var temp = await WriteTempAsync(full, content, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public async Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var full = FullPath(path);
        if (File.Exists(full))
        {
            // Only a shortcut: the exclusive move below is what decides a race.
            return false;
        }

        var temp = await WriteTempAsync(full, content, cancellationToken).ConfigureAwait(false);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                File.Move(temp, full, overwrite: false);
                return true;
            }

            if (NativeMethods.Link(temp, full) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                TryDelete(temp);
                if (errno == NativeMethods.EExist)
                {
                    return false;
                }

                throw new IOException($"Could not publish '{path}' under '{_root}': link(2) failed with errno {errno}.");
            }

            TryDelete(temp);
            return true;
        }
        catch (IOException) when (File.Exists(full))
        {
            TryDelete(temp);
            return false;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(File.Exists(FullPath(path)));
    }

    public async IAsyncEnumerable<StorageEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var slash = prefix.LastIndexOf('/');
        var directory = FullPath(slash < 0 ? string.Empty : prefix[..slash]);
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        var entries = new List<StorageEntry>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", options))
        {
            var relative = Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (!relative.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                entries.Add(new StorageEntry(relative, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)));
            }
            catch (FileNotFoundException)
            {
                // A writer renamed its hidden temp file into place (or a vacuum deleted it) between the directory read and
                // the stat: the object did not exist under this name for this listing, which the contract allows.
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var full = FullPath(path);
        try
        {
            File.Delete(full);
        }
        catch (DirectoryNotFoundException)
        {
            // Contract: deleting what is not there is not an error.
        }

        return Task.CompletedTask;
    }

    private static async Task<string> WriteTempAsync(string full, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $"{TempPrefix}{Path.GetFileName(full)}.{Guid.NewGuid():N}");
        try
        {
            // No fsync: the guarantee we give is against process crashes (page cache survives them), and an fsync per
            // commit would cap commit throughput on slow disks.
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        return temp;
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // Best effort: a leftover hidden temp file is ignored by readers and removed by vacuum.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
