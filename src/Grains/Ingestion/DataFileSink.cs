using Kardiaflow.Grains.Abstractions.Tables;
using Kardiaflow.Grains.Tables;
using Kardiaflow.Lakehouse;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>Buffers rows up to a bound and writes them as uncommitted data files of one table.</summary>
internal sealed class DataFileSink(DeltaTable table, int rowsPerFile)
{
    private readonly List<object?[]> _buffer = [];
    private readonly List<DataFileInfo> _files = [];

    public IReadOnlyList<DataFileInfo> Files => _files;

    public long Rows { get; private set; }

    public async Task AddAsync(IReadOnlyList<object?[]> rows)
    {
        foreach (var row in rows)
        {
            _buffer.Add(row);
            if (_buffer.Count >= rowsPerFile)
            {
                await FlushAsync();
            }
        }
    }

    public async Task FlushAsync()
    {
        if (_buffer.Count == 0)
        {
            return;
        }

        var adds = await table.WriteDataFilesAsync(_buffer, CancellationToken.None);
        _files.AddRange(adds.Select(a => a.ToInfo()));
        Rows += _buffer.Count;
        _buffer.Clear();
    }
}
