using System.Globalization;
using System.Numerics;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Count, sum and sum of squares of decimal values as exact integers (each value scaled by 10^28), so adding and
/// retracting values in any order gives bit-identical results: the population mean and standard deviation never drift,
/// and "more than 3 standard deviations away" is decided exactly: (n·x − S)² &gt; 9·(n·Q − S²).
/// </summary>
public sealed class ExactMoments
{
    private static readonly double ScaleDouble = 1e28;

    /// <summary>10^0 … 10^28: scaling a value needs one of them, and the outlier test scales every claim of a procedure.</summary>
    private static readonly BigInteger[] PowersOfTen = [.. Enumerable.Range(0, 29).Select(e => BigInteger.Pow(10, e))];

    /// <summary>n·Q − S², computed once per change of the moments rather than once per tested value.</summary>
    private BigInteger? _variance;

    public long Count
    {
        get;
        set
        {
            field = value;
            _variance = null;
        }
    }

    /// <summary>Σ x·10^28, as an invariant integer string (JSON state).</summary>
    public string Sum
    {
        get => SumValue.ToString(CultureInfo.InvariantCulture);
        set => SumValue = BigInteger.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Σ (x·10^28)², as an invariant integer string (JSON state).</summary>
    public string SumOfSquares
    {
        get => SquaresValue.ToString(CultureInfo.InvariantCulture);
        set => SquaresValue = BigInteger.Parse(value, CultureInfo.InvariantCulture);
    }

    private BigInteger SumValue
    {
        get;
        set
        {
            field = value;
            _variance = null;
        }
    }

    private BigInteger SquaresValue
    {
        get;
        set
        {
            field = value;
            _variance = null;
        }
    }

    public static BigInteger Scaled(decimal value)
    {
        var bits = decimal.GetBits(value);
        var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        var scale = (bits[3] >> 16) & 0xFF;
        var scaled = mantissa * PowersOfTen[28 - scale];
        return bits[3] < 0 ? -scaled : scaled;
    }

    public void Add(decimal value, int weight)
    {
        var x = Scaled(value);
        Count += weight;
        SumValue += weight * x;
        SquaresValue += weight * x * x;
    }

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Count);
        WriteInteger(writer, SumValue);
        WriteInteger(writer, SquaresValue);
    }

    public static ExactMoments Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new ExactMoments { Count = reader.ReadInt64(), SumValue = ReadInteger(reader), SquaresValue = ReadInteger(reader) };
    }

    public double Mean => Count == 0 ? double.NaN : (double)SumValue / Count / ScaleDouble;

    public double PopulationStdDev => Count == 0 ? double.NaN : Math.Sqrt((double)Variance()) / Count / ScaleDouble;

    /// <summary>True when |x − mean| &gt; k·σ, decided on exact integers.</summary>
    public bool IsBeyond(decimal value, int k)
    {
        if (Count == 0)
        {
            return false;
        }

        var d = (Count * Scaled(value)) - SumValue;
        return d * d > k * k * Variance();
    }

    /// <summary>(x − mean) / σ; NaN when σ is zero.</summary>
    public double ZScore(decimal value)
    {
        var variance = Variance();
        if (variance.IsZero)
        {
            return double.NaN;
        }

        var d = (Count * Scaled(value)) - SumValue;
        return (double)d / Math.Sqrt((double)variance);
    }

    private static void WriteInteger(BinaryWriter writer, BigInteger value)
    {
        var bytes = value.ToByteArray();
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    private static BigInteger ReadInteger(BinaryReader reader) => new(reader.ReadBytes(reader.ReadInt32()));

    /// <summary>n·Q − S² = n²·σ² (scaled by 10^56).</summary>
    private BigInteger Variance() => _variance ??= (Count * SquaresValue) - (SumValue * SumValue);
}
