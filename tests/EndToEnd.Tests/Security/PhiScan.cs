using System.Text;
using Parquet;
using Parquet.Data;

namespace Kardiaflow.EndToEnd.Tests.Security;

/// <summary>
/// Looks for PHI values in what a run leaves behind: every Parquet file's decoded values (data files, _change_data,
/// checkpoints: every leaf column of every row group, read with Parquet.Net rather than the engine), the raw bytes of every
/// file (Parquet footers keep column statistics in plain text; _delta_log JSON keeps min/max values), logs and console
/// output. Counts what it read, so a scan that read nothing cannot pass unnoticed.
/// </summary>
internal sealed class PhiScan(PhiMatcher matcher, PhiMatcher binaryMatcher)
{
    /// <summary>
    /// Raw bytes of binary files (Parquet pages, grain state) are compared only for values of at least this length: a short
    /// name ("Li", "Jo") turns up by chance in compressed bytes. Their decoded values are compared at any length.
    /// </summary>
    public const int MinBinaryMatch = 6;

    /// <summary>
    /// Nor are single names compared with compressed bytes: Snappy cuts "Port Savannahberg" into the literal "Savannah" and a
    /// back-reference, so a name whole in no value turns up whole in the bytes. Full names, dates, SSNs, licences, passports,
    /// places and addresses are; every decoded value is compared with every value.
    /// </summary>
    public static PhiScan For(IReadOnlyList<PhiValue> values) =>
        new(new PhiMatcher(values), new PhiMatcher(values.Where(v => v.Column is not ("FIRST" or "LAST" or "MAIDEN") && v.Text.Length >= MinBinaryMatch)));

    private readonly List<(PhiValue Value, string Where)> _hits = [];

    public IReadOnlyList<(PhiValue Value, string Where)> Hits => _hits;

    public int Files { get; private set; }

    public long Bytes { get; private set; }

    public long DecodedValues { get; private set; }

    public long ParquetRows { get; private set; }

    public int Texts { get; private set; }

    /// <summary>Every file under a folder: Parquet decoded and as bytes, anything else as UTF-8 text (JSON, CRC) or bytes.</summary>
    public async Task ScanFolderAsync(string folder, string label)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var where = $"{label}/{Path.GetRelativePath(folder, file)}";
            var bytes = await File.ReadAllBytesAsync(file);
            Files++;
            Bytes += bytes.Length;
            if (file.EndsWith(".parquet", StringComparison.Ordinal))
            {
                await ScanParquetAsync(bytes, where);
                Record(binaryMatcher.Find(Encoding.Latin1.GetString(bytes)), where + " (raw bytes)");
            }
            else if (file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".crc", StringComparison.Ordinal))
            {
                Record(matcher.Find(Encoding.UTF8.GetString(bytes)), where);
            }
            else
            {
                Record(binaryMatcher.Find(Encoding.Latin1.GetString(bytes)), where + " (raw bytes)");
            }
        }
    }

    /// <summary>A log or a command's console output.</summary>
    public void ScanText(string text, string where)
    {
        Texts++;
        Bytes += text.Length;
        Record(matcher.Find(text), where);
    }

    private async Task ScanParquetAsync(byte[] bytes, string where)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            ParquetRows += rowGroup.RowCount;
            foreach (var field in fields.Where(rowGroup.ColumnExists))
            {
                using var raw = await rowGroup.ReadRawColumnDataBaseAsync(field);
                ScanValues(raw, field.ClrType == typeof(string) || field.ClrType == typeof(byte[]), $"{where} [{field.Path}]");
            }
        }
    }

    /// <summary>The text of a column's values: strings, and binary read as UTF-8; numbers, dates and booleans hold no names.</summary>
    private void ScanValues(RawColumnData raw, bool textual, string where)
    {
        switch (raw)
        {
            case RawColumnData<ReadOnlyMemory<char>> text:
                foreach (var value in text.Values)
                {
                    Scan(new string(value.Span), where);
                }

                break;
            case RawColumnData<ReadOnlyMemory<byte>> binary:
                foreach (var value in binary.Values)
                {
                    Scan(Encoding.UTF8.GetString(value.Span), where);
                }

                break;
            default:
                if (textual)
                {
                    throw new InvalidOperationException($"{where}: a text column came back as {raw.GetType()}, which the scan does not read.");
                }

                break;
        }
    }

    private void Scan(string? text, string where)
    {
        if (text is not null)
        {
            DecodedValues++;
            Record(matcher.Find(text), where);
        }
    }

    private void Record(IEnumerable<PhiValue> found, string where)
    {
        foreach (var value in found)
        {
            _hits.Add((value, where));
        }
    }

    /// <summary>Each value found, how often and the first place it was found.</summary>
    public string Describe(int max = 40) =>
        string.Join("\n", _hits.GroupBy(h => h.Value).Take(max).Select(g => $"{g.Key.Column} '{g.Key.Text}' {g.Count()}x, first in {g.First().Where}"));
}
