namespace Kardiaflow.Silo.Configuration;

/// <summary>
/// Where grain state is kept on local disk (section <c>Kardiaflow:GrainState</c>). Empty means
/// <c>&lt;lake&gt;/_orleans/grain-state</c>: the state is a cache of what the lake says, so it lives beside the lake.
/// </summary>
public sealed class GrainStateOptions
{
    public const string SectionName = "Kardiaflow:GrainState";

    public string? Directory { get; set; }
}
