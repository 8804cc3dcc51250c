using System.Runtime.InteropServices;

namespace Kardiaflow.Lakehouse.Storage;

/// <summary>The one POSIX call .NET does not expose: link(2), which creates a name only if it does not exist.</summary>
internal static partial class NativeMethods
{
    /// <summary>errno EEXIST on Linux and macOS.</summary>
    public const int EExist = 17;

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existingPath, string newPath);
}
