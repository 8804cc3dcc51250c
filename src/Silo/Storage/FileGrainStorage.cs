using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Orleans.Storage;

namespace Kardiaflow.Silo.Storage;

/// <summary>
/// Grain storage on local disk for the Local profile: one file per grain state, serialized with Orleans' configured
/// <see cref="IGrainStorageSerializer"/>. A file is 8 bytes of version (the ETag) followed by the serialized state, and is
/// written whole to a temporary file in the same folder, flushed to disk, then renamed over the old one, so a process
/// killed at any moment leaves either the old state or the new one. See docs/adr/file-grain-storage.md.
/// </summary>
public sealed partial class FileGrainStorage(
    string name,
    string directory,
    IGrainStorageSerializer serializer,
    ILogger<FileGrainStorage> logger) : IGrainStorage
{
    private const int HeaderLength = sizeof(long);

    // About a minute of waiting before a lock that is never released (a hung writer) becomes an error.
    private const int LockAttempts = 3000;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        if (content.Length < HeaderLength)
        {
            throw new InvalidDataException($"Grain state file '{path}' of storage '{name}' is truncated.");
        }

        var version = BinaryPrimitives.ReadInt64LittleEndian(content);
        grainState.State = serializer.Deserialize<T>(new BinaryData(content.AsMemory(HeaderLength)));
        grainState.ETag = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        LogRead(logger, name, stateName, grainId);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Check and rename happen under an exclusive lock on a companion file, held across processes (flock on Unix): of
        // two activations racing on one state (a grain activated twice while a silo was being declared dead), the second
        // sees the first's version and fails its ETag check, instead of both passing it and the last rename winning.
        await using var exclusive = await LockAsync(path);
        var stored = await ReadVersionAsync(path);
        CheckETag(stateName, grainId, grainState.ETag, stored);

        var next = (stored ?? 0) + 1;
        // Header and payload are written one after the other: a partition's state is megabytes, and a combined copy
        // would be one more large-object-heap array per write.
        var payload = serializer.Serialize(grainState.State).ToMemory();
        var header = new byte[HeaderLength];
        BinaryPrimitives.WriteInt64LittleEndian(header, next);

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(header);
                await stream.WriteAsync(payload);
                stream.Flush(flushToDisk: true);
            }

            // The rename is the commit point: atomic on one file system, so readers see the old or the new state.
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        grainState.ETag = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        LogWritten(logger, name, stateName, grainId, next);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        if (!Directory.Exists(Path.GetDirectoryName(path)))
        {
            CheckETag(stateName, grainId, grainState.ETag, null);
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        await using var exclusive = await LockAsync(path);
        var stored = await ReadVersionAsync(path);
        CheckETag(stateName, grainId, grainState.ETag, stored);
        File.Delete(path);
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private void CheckETag(string stateName, GrainId grainId, string? expected, long? stored)
    {
        var storedETag = stored?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!string.Equals(expected, storedETag, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"Grain state '{stateName}' of {grainId} in storage '{name}' changed underneath this activation.",
                storedETag,
                expected);
        }
    }

    private static async Task<FileStream> LockAsync(string path)
    {
        var lockPath = path + ".lock";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (attempt < LockAttempts)
            {
                // Held by the other writer for the few milliseconds of a write: wait for it.
                await Task.Delay(Math.Min(1 + attempt, 20));
            }
        }
    }

    private static async Task<long?> ReadVersionAsync(string path)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, HeaderLength, FileOptions.Asynchronous);
            var header = new byte[HeaderLength];
            await stream.ReadExactlyAsync(header);
            return BinaryPrimitives.ReadInt64LittleEndian(header);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private string PathFor(string stateName, GrainId grainId)
    {
        // Grain keys may hold any character (file paths, for instance): the file name is a hash, the folder the grain type.
        var key = $"{stateName}\n{grainId}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var type = Sanitize(grainId.Type.ToString() ?? "grain");
        return Path.Combine(directory, name, type, hash + ".state");
    }

    private static string Sanitize(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return builder.ToString();
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Trace, Message = "Read grain state {StateName} of {GrainId} from storage {Storage}")]
    private static partial void LogRead(ILogger logger, string storage, string stateName, GrainId grainId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Trace, Message = "Wrote grain state {StateName} of {GrainId} to storage {Storage} at version {Version}")]
    private static partial void LogWritten(ILogger logger, string storage, string stateName, GrainId grainId, long version);
}
