namespace Kardiaflow.Lakehouse.Log;

/// <summary>A deletion vector reference. We do not apply deletion vectors; tables that use them are refused by the feature gate.</summary>
public sealed record DeletionVectorDescriptor(string StorageType, string PathOrInlineDv, int? Offset, int SizeInBytes, long Cardinality)
{
    /// <summary>The unique id used to key log replay together with the file path.</summary>
    public string UniqueId => Offset is { } o ? $"{StorageType}{PathOrInlineDv}@{o}" : StorageType + PathOrInlineDv;
}
