using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold.Wire;

/// <summary>
/// <see cref="GoldDelta"/> on the wire and in grain state: <see cref="GoldDeltaBinary"/>'s bytes. Tens of thousands of
/// boxed row values through Orleans' object codec cost a reference-tracking lookup each; one byte array costs none.
/// </summary>
[GenerateSerializer]
internal struct GoldDeltaSurrogate
{
    [Id(0)] public byte[] Data;
}

[RegisterConverter]
internal sealed class GoldDeltaConverter : IConverter<GoldDelta, GoldDeltaSurrogate>
{
    public GoldDelta ConvertFromSurrogate(in GoldDeltaSurrogate surrogate) => GoldDeltaBinary.Deserialize(surrogate.Data);

    public GoldDeltaSurrogate ConvertToSurrogate(in GoldDelta value) => new() { Data = GoldDeltaBinary.Serialize(value) };
}
