using System.Text;

namespace Kardiaflow.Pipeline.Synthetic;

/// <summary>
/// Writes CSV (RFC 4180 quoting) or TSV lines. Hand-written on purpose: Sylvan's writer wants a DbDataReader, and
/// quoting a field is five lines; see docs/adr/synthetic-data-writers.md.
/// </summary>
internal sealed class DelimitedTextWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly char _separator;

    public DelimitedTextWriter(string path, char separator, IReadOnlyList<string> header)
    {
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16) { NewLine = "\n" };
        _separator = separator;
        WriteRow(header);
        Rows = 0; // the header is not a record
    }

    public long Rows { get; private set; }

    public void WriteRow(IReadOnlyList<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                _writer.Write(_separator);
            }

            WriteField(fields[i]);
        }

        _writer.Write('\n');
        Rows++;
    }

    /// <summary>A line that is not a valid row of this file: the dirt the quarantine exists for.</summary>
    public void WriteRawLine(string line)
    {
        _writer.Write(line);
        _writer.Write('\n');
        Rows++;
    }

    public void Dispose() => _writer.Dispose();

    private void WriteField(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (_separator == ',' && value.AsSpan().IndexOfAny(",\"\n\r") >= 0)
        {
            _writer.Write('"');
            _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
            _writer.Write('"');
        }
        else
        {
            _writer.Write(value);
        }
    }
}
