namespace Callytics.Compiler.Diagnostics;

/// <summary>"Did you mean" hints for misspelt names, by edit distance.</summary>
public static class Suggestions
{
    /// <summary>Returns <c> (did you mean 'x'?)</c> for the closest candidate within reach, else "".</summary>
    public static string DidYouMean(string actual, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var limit = Math.Max(2, actual.Length / 3);
        foreach (var c in candidates)
        {
            if (Math.Abs(c.Length - actual.Length) > limit) continue;
            var d = Distance(actual.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance || (d == bestDistance && string.CompareOrdinal(c, best) < 0))
            {
                best = c;
                bestDistance = d;
            }
        }
        return best is not null && bestDistance <= limit ? $" (did you mean '{best}'?)" : "";
    }

    private static int Distance(string a, string b)
    {
        if (a.Length > 200 || b.Length > 200) return int.MaxValue;
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
