using Kardiaflow.Grains.Abstractions.Ingestion;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>One part of a file: null <see cref="Result"/> until its data files are written.</summary>
[GenerateSerializer]
public sealed class JobPartState
{
    [Id(0)] public FilePart Part { get; set; } = new(0, 1, 0, 0, 0, 1, 0, 0);

    [Id(1)] public PartResult? Result { get; set; }

    [Id(2)] public int Attempts { get; set; }
}
