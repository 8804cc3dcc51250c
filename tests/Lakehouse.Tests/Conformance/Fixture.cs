using System.Globalization;
using System.Runtime.CompilerServices;
using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Tests.Conformance;

/// <summary>Access to the conformance tables under tests/fixtures/delta and a canonical text form of rows for comparisons.</summary>
internal static class Fixture
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    public static string RepoRoot => Root.Value;

    public static string Dir(string relative) => Path.Combine(RepoRoot, "tests", "fixtures", "delta", relative);

    public static LocalLakeStorage Storage(string relative) => new(Dir(relative));

    public static Task<Snapshot> LoadAsync(string relative, long? version = null) =>
        Snapshot.LoadAsync(Storage(relative), string.Empty, version, CancellationToken.None);

    /// <summary>Rows of a snapshot as canonical strings of the named columns, sorted.</summary>
    public static async Task<List<string>> RowsAsync(Snapshot snapshot, params string[] columns)
    {
        var rows = TableReader.Read(snapshot, CancellationToken.None);
        return await CanonAsync(rows, columns);
    }

    public static async Task<List<string>> CanonAsync(TableRows rows, params string[] columns)
    {
        var ordinals = columns.Length == 0
            ? Enumerable.Range(0, rows.Schema.Fields.Count).ToArray()
            : columns.Select(c => rows.Schema.IndexOf(c) is var i and >= 0 ? i : throw new KeyNotFoundException(c)).ToArray();
        var result = new List<string>();
        await foreach (var row in rows.Rows)
        {
            result.Add(string.Join("|", ordinals.Select(i => Canon(row[i]))));
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>The DAT expected result of a table version (<c>expected/&lt;folder&gt;/table_content.parquet</c>), in table column order.</summary>
    public static async Task<List<string>> DatExpectedAsync(string datTable, string folder, params string[] columns)
    {
        var result = new List<string>();
        var dir = Path.Combine(Dir("dat/" + datTable), "expected", folder, "table_content.parquet");
        foreach (var file in Directory.GetFiles(dir, "*.parquet"))
        {
            await using var reader = await ParquetFileReader.CreateAsync(File.OpenRead(file), CancellationToken.None);
            var ordinals = columns.Select(c => reader.Schema.IndexOf(c) is var i and >= 0 ? i : throw new KeyNotFoundException(c)).ToArray();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                foreach (var row in await reader.ReadRowGroupAsync(g, null, CancellationToken.None))
                {
                    result.Add(string.Join("|", ordinals.Select(i => Canon(row[i]))));
                }
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>A writable copy of a fixture table (git keeps no mtimes; tests that set them work on a copy).</summary>
    public static string CopyToTemp(string relative)
    {
        var target = Path.Combine(Path.GetTempPath(), "kf-fixture-" + Guid.NewGuid().ToString("N"));
        var source = Dir(relative);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
            File.SetAttributes(destination, FileAttributes.Normal);
        }

        return target;
    }

    public static string Canon(object? value) => value switch
    {
        null => "null",
        string s => s,
        // Value, not scale: expected files written by other engines do not always keep the declared scale.
        decimal d => (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + (t.Kind == DateTimeKind.Utc ? "Z" : "?"),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        byte[] b => "0x" + Convert.ToHexString(b),
        IReadOnlyDictionary<object, object?> m => "{" + string.Join(",", m.Select(kv => Canon(kv.Key) + ":" + Canon(kv.Value))) + "}",
        object?[] s => "(" + string.Join(",", s.Select(Canon)) + ")",
        IReadOnlyList<object?> l => "[" + string.Join(",", l.Select(Canon)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(ThisFile())! })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Kardiaflow.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Kardiaflow.sln not found above the test assembly or its sources.");
    }

    // Build output may live outside the repository (--artifacts-path); the source location is a fallback anchor.
    private static string ThisFile([CallerFilePath] string path = "") => path;
}
