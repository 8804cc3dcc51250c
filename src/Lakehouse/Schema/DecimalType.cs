namespace Kardiaflow.Lakehouse.Schema;

/// <summary>decimal(precision, scale), precision up to 38.</summary>
public sealed record DecimalType(int Precision, int Scale) : DeltaType
{
    public override string TypeName => $"decimal({Precision},{Scale})";

    public override string ToString() => TypeName;
}
