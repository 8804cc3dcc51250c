using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Pipeline.Synthetic;

/// <summary>
/// Claims as Parquet files of at most <c>rowsPerFile</c> rows each (claims_part_P_K.parquet), so memory stays bounded
/// however many claims a part has.
/// </summary>
internal sealed class ClaimParquetWriter
{
    private static readonly StructType Schema = new(
    [
        new StructField("ClaimID", PrimitiveType.String), new StructField("PatientID", PrimitiveType.String),
        new StructField("ProviderID", PrimitiveType.String), new StructField("ClaimAmount", PrimitiveType.Double),
        new StructField("ClaimDate", PrimitiveType.String), new StructField("DiagnosisCode", PrimitiveType.String),
        new StructField("ProcedureCode", PrimitiveType.String), new StructField("ClaimStatus", PrimitiveType.String),
        new StructField("ClaimType", PrimitiveType.String), new StructField("ClaimSubmissionMethod", PrimitiveType.String),
    ]);

    private readonly string _folder;
    private readonly int _part;
    private readonly int _rowsPerFile;
    private readonly List<object?[]> _buffer = [];
    private readonly List<string> _files = [];

    public ClaimParquetWriter(string folder, int part, int rowsPerFile)
    {
        _folder = folder;
        _part = part;
        _rowsPerFile = rowsPerFile;
    }

    public long Rows { get; private set; }

    public IReadOnlyList<string> Files => _files;

    public async Task WriteAsync(object?[] claim, CancellationToken cancellationToken)
    {
        _buffer.Add(claim);
        Rows++;
        if (_buffer.Count >= _rowsPerFile)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Count == 0)
        {
            return;
        }

        var name = $"claims_part_{_part}_{_files.Count + 1}.parquet";
        var stream = new FileStream(Path.Combine(_folder, name), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        await using (stream.ConfigureAwait(false))
        {
            await ParquetFileWriter.WriteAsync(stream, Schema, _buffer, null, cancellationToken).ConfigureAwait(false);
        }

        _files.Add(name);
        _buffer.Clear();
    }
}
