using Kardiaflow.Grains.Abstractions.Ingestion;
using PipelinePart = Kardiaflow.Pipeline.Ingestion.FilePart;
using PipelineUnit = Kardiaflow.Pipeline.Ingestion.FilePartUnit;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>Between the Pipeline's <see cref="PipelinePart"/> and the serializable <see cref="FilePart"/>.</summary>
public static class FileParts
{
    public static FilePart ToMessage(this PipelinePart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        var bytes = part.Unit == PipelineUnit.Bytes
            ? part.End - part.Start
            : part.FileLength / Math.Max(1, part.Count);
        return new FilePart(part.Index, part.Count, (int)part.Unit, part.Start, part.End, part.FirstRow, part.FileLength, bytes);
    }

    public static PipelinePart ToPipeline(this FilePart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return new PipelinePart(part.Index, part.Count, (PipelineUnit)part.Unit, part.Start, part.End, part.FirstRow, part.FileLength);
    }
}
