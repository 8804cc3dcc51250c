namespace Kardiaflow.Lakehouse.Schema;

/// <summary>
/// A Delta Lake data type (PROTOCOL.md "Schema Serialization Format").
/// Values of each type travel through the engine as these CLR types:
/// string → <see cref="string"/>, long → <see cref="long"/>, integer → <see cref="int"/>,
/// short → <see cref="short"/>, byte → <see cref="sbyte"/>, float → <see cref="float"/>,
/// double → <see cref="double"/>, boolean → <see cref="bool"/>, binary → <see cref="byte"/>[],
/// decimal(p,s) → <see cref="decimal"/>, date → <see cref="DateOnly"/>,
/// timestamp → <see cref="DateTime"/> with <see cref="DateTimeKind.Utc"/>,
/// array → <see cref="IReadOnlyList{T}"/> of object?, map → <see cref="IReadOnlyDictionary{TKey,TValue}"/>
/// of (object, object?), struct → object?[] aligned with the struct's fields. Null is null.
/// </summary>
public abstract record DeltaType
{
    /// <summary>The type as it appears in the schema JSON (a string for primitives).</summary>
    public abstract string TypeName { get; }
}
