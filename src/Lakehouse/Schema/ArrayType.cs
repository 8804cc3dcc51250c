namespace Kardiaflow.Lakehouse.Schema;

public sealed record ArrayType(DeltaType ElementType, bool ContainsNull) : DeltaType
{
    public override string TypeName => "array";
}
