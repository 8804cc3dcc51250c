namespace Kardiaflow.Pipeline.Synthetic;

/// <summary>One feedback record as the generator writes it.</summary>
internal sealed record SyntheticFeedback(
    string FeedbackId,
    string ProviderId,
    string Timestamp,
    string? VisitId,
    int Score,
    string Comments,
    string? Source,
    IReadOnlyList<string>? Tags,
    IReadOnlyDictionary<string, string>? Metadata);
