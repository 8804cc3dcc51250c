using System.Text;

namespace Kardiaflow.Tests.Shared.Fuzz;

/// <summary>
/// Seeded hostile inputs for Bronze ingestion. Case <c>i</c> of seed <c>s</c> depends on nothing but (s, i), so any case
/// can be rebuilt alone. Text formats (CSV, TSV, JSONL) start from sample lines and get byte flips, truncation, inserted
/// quotes, delimiters and line breaks, fields over the reader's limit, invalid UTF-8, values of the wrong type, deep JSON
/// nesting, empty keys, NULs and BOMs; Avro and Parquet files get their header, blocks, footer or length damaged.
/// </summary>
internal sealed class FuzzGenerator(FuzzBases bases)
{
    /// <summary>The record-size limit the fuzz readers run with, small so that "huge" stays cheap.</summary>
    public const int SmallLimit = 128 * 1024;

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF0, 0x28, 0x8C, 0x28], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80],
    ];

    private static readonly string[] WrongValues =
    [
        "not-a-number", "NaN", "1e999", "-0", "99999999999999999999999", "2024-13-45", "true", "", " ", "\u0000", "null", "{}", "[1,2]",
        "\u202Eevil", "😀", "0x1F", "--1",
    ];

    private static readonly string[] JsonWrongValues =
    [
        "\"five\"", "1e400", "-1e400", "123456789012345678901234567890", "true", "null", "{\"a\":[1,{\"b\":null}]}", "[\"x\",1,null]", "\"\\u0000\"",
        "\"\\ud800\"", "0.1e-400", "[]", "{}", "-0", "\"\"",
    ];

    public FuzzCase Generate(long seed, int index)
    {
        // HashCode.Combine is seeded per process: a case must come out the same in every process, so mix by hand (SplitMix64).
        var mixed = unchecked((ulong)seed + (ulong)index * 0x9E3779B97F4A7C15UL);
        mixed = unchecked((mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9UL);
        mixed = unchecked((mixed ^ (mixed >> 27)) * 0x94D049BB133111EBUL);
        var random = new Random(unchecked((int)(mixed ^ (mixed >> 31))));
        return random.Next(10) switch
        {
            < 3 => Text(random, seed, index, "patients", "csv", ','),
            < 5 => Text(random, seed, index, "providers", "tsv", '\t'),
            < 7 => Text(random, seed, index, "feedback", "jsonl", null),
            < 9 => Binary(random, seed, index, avro: random.Next(2) == 0),
            _ => Text(random, seed, index, "patients", "csv", ',', crlf: true),
        };
    }

    private FuzzCase Text(Random random, long seed, int index, string dataset, string extension, char? delimiter, bool crlf = false)
    {
        var (header, pool) = dataset switch
        {
            "patients" => (bases.PatientsHeader, bases.PatientLines),
            "providers" => ([bases.ProvidersHeader], bases.ProviderLines),
            _ => (Array.Empty<string>(), bases.FeedbackLines),
        };
        var count = random.Next(0, 40);
        var lines = new List<string>(header);
        for (var i = 0; i < count; i++)
        {
            lines.Add(pool[random.Next(pool.Length)]);
        }

        var described = new List<string>();
        // Line-level mutations first (they know where lines and fields are), then byte-level ones.
        var lineMutations = random.Next(0, 4);
        var touched = new HashSet<int>();
        for (var m = 0; m < lineMutations && lines.Count > 0; m++)
        {
            var at = random.Next(lines.Count);
            touched.Add(at);
            lines[at] = MutateLine(random, lines[at], delimiter, described, at);
        }

        var newline = crlf || random.Next(8) == 0 ? "\r\n" : "\n";
        var text = string.Join(newline, lines) + (random.Next(4) == 0 ? "" : newline);
        var bytes = new List<byte>();
        if (random.Next(10) == 0)
        {
            bytes.AddRange([0xEF, 0xBB, 0xBF]);
            described.Add("BOM");
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(text));
        var byteMutations = random.Next(lineMutations == 0 ? 1 : 0, 3);
        for (var m = 0; m < byteMutations; m++)
        {
            MutateBytes(random, bytes, delimiter, described);
        }

        var intact = new HashSet<string>(StringComparer.Ordinal);
        for (var i = header.Length; i < lines.Count; i++)
        {
            if (!touched.Contains(i))
            {
                intact.Add(lines[i]);
            }
        }

        return new FuzzCase(seed, index, dataset, $"fuzz_{index}.{extension}", [.. bytes], described.Count == 0 ? "none" : string.Join(", ", described), intact);
    }

    private static string MutateLine(Random random, string line, char? delimiter, List<string> described, int at)
    {
        var fields = delimiter is { } d ? line.Split(d) : null;
        switch (random.Next(delimiter is null ? 9 : 8))
        {
            case 0:
                described.Add($"line {at}: huge field");
                var huge = new string((char)('a' + random.Next(26)), random.Next(SmallLimit + 1, SmallLimit * 3));
                var position = random.Next(line.Length + 1);
                return line[..position] + huge + line[position..];
            case 1:
                described.Add($"line {at}: empty key");
                return fields is not null ? string.Join(delimiter!.Value, ["", .. fields[1..]]) : line.Replace("\"feedback_id\": \"", "\"feedback_id\": \"\", \"old_id\": \"", StringComparison.Ordinal);
            case 2 when fields is not null:
                var f = random.Next(fields.Length);
                var value = WrongValues[random.Next(WrongValues.Length)];
                described.Add($"line {at}: field {f} = {Escape(value)}");
                fields[f] = value;
                return string.Join(delimiter!.Value, fields);
            case 2:
                var colon = Nth(line, ':', random);
                var end = colon < 0 ? -1 : line.IndexOfAny([',', '}'], colon + 1);
                if (end < 0)
                {
                    return line;
                }

                var json = JsonWrongValues[random.Next(JsonWrongValues.Length)];
                described.Add($"line {at}: value = {json}");
                return line[..(colon + 1)] + " " + json + line[end..];
            case 3 when fields is not null:
                described.Add($"line {at}: field dropped");
                return string.Join(delimiter!.Value, fields.Where((_, i) => i != random.Next(fields.Length)));
            case 3:
                var depth = random.Next(2) == 0 ? random.Next(10, 70) : random.Next(500, 20_000);
                var array = random.Next(2) == 0;
                described.Add($"line {at}: nesting {depth} deep");
                var nested = array ? new string('[', depth) + "1" + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                return line.Replace("\"comments\": ", "\"deep\": " + nested + ", \"comments\": ", StringComparison.Ordinal);
            case 4:
                described.Add($"line {at}: duplicated fields");
                return fields is not null ? line + delimiter + line : line.Replace("{", "{\"feedback_id\": 7, ", StringComparison.Ordinal);
            case 5:
                described.Add($"line {at}: quoted field");
                var q = random.Next(line.Length + 1);
                var quote = random.Next(3) switch { 0 => "\"", 1 => "\"\"", _ => "\"a\nb\"" };
                return line[..q] + quote + line[q..];
            case 6:
                described.Add($"line {at}: control characters");
                var c = random.Next(line.Length + 1);
                return line[..c] + (random.Next(3) switch { 0 => "\0", 1 => "\r", _ => "\u2028" }) + line[c..];
            case 7:
                described.Add($"line {at}: removed");
                return "";
            default:
                described.Add($"line {at}: unicode key");
                return line.Replace("\"feedback_id\": \"", "\"feedback_id\": \"ünïcødé-😀-", StringComparison.Ordinal);
        }
    }

    private static void MutateBytes(Random random, List<byte> bytes, char? delimiter, List<string> described)
    {
        var at = random.Next(bytes.Count + 1);
        switch (random.Next(9))
        {
            case 0 when bytes.Count > 0:
                at = Math.Min(at, bytes.Count - 1);
                var bit = (byte)(1 << random.Next(8));
                described.Add($"flip byte {at} ^ {bit}");
                bytes[at] ^= bit;
                return;
            case 1:
                described.Add($"truncate at {at}");
                bytes.RemoveRange(at, bytes.Count - at);
                return;
            case 2:
                described.Add($"quote at {at}");
                bytes.Insert(at, (byte)'"');
                return;
            case 3:
                described.Add($"delimiter at {at}");
                bytes.Insert(at, (byte)(delimiter ?? ','));
                return;
            case 4:
                var breaks = random.Next(4) switch { 0 => "\n", 1 => "\r\n", 2 => "\r", _ => "\n\n \t\r\n" };
                described.Add($"line break {Escape(breaks)} at {at}");
                bytes.InsertRange(at, Encoding.ASCII.GetBytes(breaks));
                return;
            case 5:
                var invalid = InvalidUtf8[random.Next(InvalidUtf8.Length)];
                described.Add($"invalid UTF-8 {Convert.ToHexString(invalid)} at {at}");
                bytes.InsertRange(at, invalid);
                return;
            case 6:
                described.Add($"NUL at {at}");
                bytes.Insert(at, 0);
                return;
            case 7:
                described.Add($"BOM at {at}");
                bytes.InsertRange(at, [0xEF, 0xBB, 0xBF]);
                return;
            default:
                if (bytes.Count == 0)
                {
                    return;
                }

                var length = Math.Min(random.Next(1, 200), bytes.Count - Math.Min(at, bytes.Count - 1));
                var from = Math.Min(at, bytes.Count - 1);
                described.Add($"delete {length} bytes at {from}");
                bytes.RemoveRange(from, length);
                return;
        }
    }

    private FuzzCase Binary(Random random, long seed, int index, bool avro)
    {
        var pool = avro ? bases.Avro : bases.Parquet;
        var (name, original, _) = pool[random.Next(pool.Count)];
        var bytes = original.ToList();
        var described = new List<string> { name };
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            // Where damage lands matters more than how: aim at the header, the footer or anywhere.
            var region = random.Next(3);
            var at = region switch
            {
                0 => random.Next(Math.Min(bytes.Count, avro ? 600 : 64)),
                1 => Math.Max(0, bytes.Count - 1 - random.Next(Math.Min(bytes.Count, 400))),
                _ => random.Next(bytes.Count),
            };
            switch (random.Next(7))
            {
                case 0:
                case 1:
                    var bit = (byte)(1 << random.Next(8));
                    described.Add($"flip byte {at} ^ {bit}");
                    bytes[at] ^= bit;
                    break;
                case 2:
                    described.Add($"truncate at {at}");
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 3:
                    var run = Math.Min(random.Next(1, 64), bytes.Count - at);
                    var fill = (byte)(random.Next(3) switch { 0 => 0x00, 1 => 0xFF, _ => random.Next(256) });
                    described.Add($"fill {run} bytes at {at} with {fill:X2}");
                    for (var i = 0; i < run; i++)
                    {
                        bytes[at + i] = fill;
                    }

                    break;
                case 4:
                    var junk = new byte[random.Next(1, 32)];
                    random.NextBytes(junk);
                    described.Add($"insert {junk.Length} random bytes at {at}");
                    bytes.InsertRange(at, junk);
                    break;
                case 5:
                    var cut = Math.Min(random.Next(1, 128), bytes.Count - at);
                    described.Add($"delete {cut} bytes at {at}");
                    bytes.RemoveRange(at, cut);
                    break;
                default:
                    // A large varint (a record count, a length, a row count) written over whatever is there.
                    byte[] varint = [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F];
                    var len = Math.Min(random.Next(1, varint.Length + 1), bytes.Count - at);
                    described.Add($"big varint ({len} bytes) at {at}");
                    for (var i = 0; i < len; i++)
                    {
                        bytes[at + i] = i == len - 1 ? (byte)0x7F : varint[i];
                    }

                    break;
            }
        }

        return new FuzzCase(seed, index, avro ? "encounters" : "claims", $"fuzz_{index}.{(avro ? "avro" : "parquet")}", [.. bytes], string.Join(", ", described), new HashSet<string>());
    }

    private static int Nth(string line, char c, Random random)
    {
        var positions = new List<int>();
        for (var i = line.IndexOf(c, StringComparison.Ordinal); i >= 0; i = line.IndexOf(c, i + 1))
        {
            positions.Add(i);
        }

        return positions.Count == 0 ? -1 : positions[random.Next(positions.Count)];
    }

    private static string Escape(string value) => value.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\t", "\\t", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
}
