namespace Kardiaflow.Grains.Silver;

/// <summary>
/// One string instance per value for the categorical columns partition state keeps per entity (gender, race, specialty,
/// source file, batch id...). Rows arrive from Parquet decoding or deserialization with their own copies, and a
/// partition keeps thousands of rows per few distinct values: at 1M patients the copies alone were ~250 MB.
/// </summary>
internal static class SharedStrings
{
    public static string? Of(string? value) => value is null ? null : string.IsInterned(value) ?? string.Intern(value);
}
