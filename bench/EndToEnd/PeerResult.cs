namespace Kardiaflow.Bench.EndToEnd;

/// <summary>What the peer's child process reports on its last stdout line: per-layer seconds and rows, and its UTC date.</summary>
internal sealed record PeerResult(
    Dictionary<string, double> LayerSeconds,
    Dictionary<string, long> BronzeRows,
    long SilverRows,
    long GoldRows,
    string AsOfDate);
