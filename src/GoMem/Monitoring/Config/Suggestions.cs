namespace GoMem.Monitoring.Config;

/// <summary>"Did you mean": the known name closest to a misspelt one, when it is close enough to be the intended one.</summary>
public static class Suggestions
{
    /// <summary>
    /// The candidate within a small edit distance (one edit for short names, up to three for long ones; a swap of two
    /// neighbouring letters is one edit, and case and '-' for '_' cost nothing), or null.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        var normalized = Normalize(name);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(normalized, Normalize(candidate));
            var allowed = Math.Clamp(candidate.Length / 5, 1, 3);
            if (distance <= allowed && distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    private static string Normalize(string name) => name.ToLowerInvariant().Replace('-', '_');

    /// <summary>Optimal string alignment distance (Levenshtein with transpositions), for short names only.</summary>
    private static int Distance(string a, string b)
    {
        if (a.Length > 100 || b.Length > 100)
        {
            return int.MaxValue;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
