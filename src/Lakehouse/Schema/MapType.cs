namespace Kardiaflow.Lakehouse.Schema;

public sealed record MapType(DeltaType KeyType, DeltaType ValueType, bool ValueContainsNull) : DeltaType
{
    public override string TypeName => "map";
}
