namespace Kardiaflow.Silo.Lease;

/// <summary>
/// The lake's writer lease a host holds, taken before the host is built (so a refusal is one line, before anything
/// starts) and handed to <see cref="LakeWriterLeaseService"/>, which was registered earlier so that it stops last.
/// </summary>
public sealed class LakeLeaseSlot
{
    public LakeWriterLease? Lease { get; set; }
}
