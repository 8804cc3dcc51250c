namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>
/// One independently readable slice of a file, produced by <see cref="FilePartPlanner"/>. Reading every part of
/// a plan yields exactly the records of the whole file, with the same 1-based source rows.
/// Only primitives, so the grain layer can carry it in its own serializable messages.
/// </summary>
/// <param name="Index">0-based part number within the plan.</param>
/// <param name="Count">Number of parts in the plan.</param>
/// <param name="Unit">What Start/End count.</param>
/// <param name="Start">Inclusive start (byte offset or row group index).</param>
/// <param name="End">Exclusive end (byte offset or row group index).</param>
/// <param name="FirstRow">1-based source row of the part's first record.</param>
/// <param name="FileLength">Length of the file when planned; a changed length means the plan is stale.</param>
public sealed record FilePart(int Index, int Count, FilePartUnit Unit, long Start, long End, long FirstRow, long FileLength)
{
    /// <summary>A plan of one part covering the whole file.</summary>
    public static FilePart Whole(long fileLength) => new(0, 1, FilePartUnit.WholeFile, 0, fileLength, 1, fileLength);

    public bool IsWholeFile => Unit == FilePartUnit.WholeFile;
}
