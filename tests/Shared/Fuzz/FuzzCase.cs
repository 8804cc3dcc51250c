namespace Kardiaflow.Tests.Shared.Fuzz;

/// <summary>
/// One generated hostile input file: replayable from <see cref="Seed"/> and <see cref="Index"/> alone
/// (<c>KARDIAFLOW_FUZZ_SEED=S KARDIAFLOW_FUZZ_CASE=I</c>).
/// </summary>
/// <param name="Dataset">The dataset folder the file goes in.</param>
/// <param name="FileName">The file's name, whose extension picks the reader.</param>
/// <param name="Mutations">What was done to the base file, for the failure message.</param>
/// <param name="IntactLines">For line formats, the base lines left untouched (each must land in Bronze when it is still a whole line).</param>
internal sealed record FuzzCase(
    long Seed, int Index, string Dataset, string FileName, byte[] Bytes, string Mutations, IReadOnlySet<string> IntactLines)
{
    public string RelativePath => $"{Dataset}/{FileName}";

    public string Describe() => $"seed {Seed} case {Index} ({RelativePath}, {Bytes.Length} bytes: {Mutations})";
}
