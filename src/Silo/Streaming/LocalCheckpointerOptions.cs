using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.Silo.Streaming;

/// <summary>Where and how often the Local profile persists Event Hubs checkpoints (set by the arrivals wiring).</summary>
public sealed class LocalCheckpointerOptions
{
    /// <summary>The folder of the checkpoint files (the lake's <c>_orleans/eventhubs-checkpoints</c>).</summary>
    [Required]
    public string Directory { get; set; } = "";

    /// <summary>The hub and consumer group the checkpoints belong to (part of their path: another hub starts afresh).</summary>
    [Required]
    public string Hub { get; set; } = "arrivals";

    [Required]
    public string ConsumerGroup { get; set; } = "$Default";

    /// <summary>A checkpoint moved by deliveries is written at most this often (and on shutdown).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromSeconds(1);
}
