namespace Kardiaflow.EndToEnd.Tests.Security;

/// <summary>
/// Finds PHI values in text as whole tokens, ignoring case: "Daniel" is found in "dr daniel," but not in "New Danielview".
/// Values are indexed by their first word, so a text is read once whatever the number of values. Word characters are
/// letters, digits and '_' (as regex \w): "max" is not a word of "max__ingest_ts".
/// </summary>
internal sealed class PhiMatcher
{
    private readonly Dictionary<string, List<PhiValue>> _byFirstWord = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<PhiValue>>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public PhiMatcher(IEnumerable<PhiValue> values)
    {
        foreach (var value in values)
        {
            var end = 0;
            while (end < value.Text.Length && IsWord(value.Text[end]))
            {
                end++;
            }

            if (end == 0)
            {
                continue;
            }

            var key = value.Text[..end];
            if (!_byFirstWord.TryGetValue(key, out var list))
            {
                _byFirstWord[key] = list = [];
            }

            list.Add(value);
            Count++;
        }

        _lookup = _byFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count { get; }

    /// <summary>Every occurrence of a value at least <paramref name="minLength"/> characters long.</summary>
    public IEnumerable<PhiValue> Find(string text, int minLength = 1)
    {
        var found = new List<PhiValue>();
        var span = text.AsSpan();
        for (var i = 0; i < span.Length; i++)
        {
            if (!IsWord(span[i]) || (i > 0 && IsWord(span[i - 1])))
            {
                continue;
            }

            var end = i;
            while (end < span.Length && IsWord(span[end]))
            {
                end++;
            }

            if (!_lookup.TryGetValue(span[i..end], out var candidates))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                var after = i + candidate.Text.Length;
                if (candidate.Text.Length >= minLength
                    && span[i..].StartsWith(candidate.Text, StringComparison.OrdinalIgnoreCase)
                    && (after == span.Length || !IsWord(span[after])))
                {
                    found.Add(candidate);
                }
            }
        }

        return found;
    }

    private static bool IsWord(char c) => char.IsLetterOrDigit(c) || c == '_';
}
