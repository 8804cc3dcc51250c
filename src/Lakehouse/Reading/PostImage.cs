namespace Kardiaflow.Lakehouse.Reading;

/// <summary>A row as a commit left it (an <c>insert</c> or <c>update_postimage</c> change), and that commit's version.</summary>
public sealed record PostImage(object?[] Row, long CommitVersion);
