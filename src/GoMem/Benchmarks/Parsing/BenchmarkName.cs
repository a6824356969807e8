namespace GoMem.Benchmarks;

/// <summary>One sub-benchmark part of a name: <c>/size=1024</c> is key "size", <c>/1k</c> is the positional key "/1" etc.</summary>
public sealed record NamePart(string Key, string Value, bool Positional);

/// <summary>
/// A benchmark's full name split as golang.org/x/perf/benchfmt does: the base name (before the first '/'),
/// the '/'-separated sub-benchmark parts (<c>key=value</c> or positional), and the trailing <c>-N</c> GOMAXPROCS suffix.
/// </summary>
public sealed record BenchmarkName(string FullName, string Base, IReadOnlyList<NamePart> Parts, string Procs)
{
    public static BenchmarkName Parse(string fullName)
    {
        var body = fullName;
        var procs = "";
        var dash = body.LastIndexOf('-');
        if (dash > 0 && dash < body.Length - 1 && AllDigits(body.AsSpan(dash + 1)) && body.LastIndexOf('/') < dash)
        {
            procs = body[(dash + 1)..];
            body = body[..dash];
        }

        var segments = body.Split('/');
        var parts = new List<NamePart>(segments.Length - 1);
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            var eq = segment.IndexOf('=');
            parts.Add(eq > 0
                ? new NamePart(segment[..eq], segment[(eq + 1)..], Positional: false)
                : new NamePart("/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), segment, Positional: true));
        }

        return new BenchmarkName(fullName, segments[0], parts, procs);
    }

    /// <summary>The value of sub-benchmark key <paramref name="key"/> (without its '/'), or null.</summary>
    public string? Get(string key)
    {
        if (key == "gomaxprocs")
        {
            return Procs.Length > 0 ? Procs : null;
        }

        foreach (var part in Parts)
        {
            if (part.Key == key)
            {
                return part.Value;
            }
        }

        return null;
    }

    /// <summary>The full name with the named sub-benchmark keys left out (benchstat's row label when a column uses them).</summary>
    public string Without(IReadOnlyCollection<string> keys)
    {
        if (keys.Count == 0)
        {
            return FullName;
        }

        var text = new System.Text.StringBuilder(Base);
        foreach (var part in Parts)
        {
            if (keys.Contains(part.Key))
            {
                continue;
            }

            text.Append('/').Append(part.Positional ? part.Value : part.Key + "=" + part.Value);
        }

        if (Procs.Length > 0 && !keys.Contains("gomaxprocs"))
        {
            text.Append('-').Append(Procs);
        }

        return text.ToString();
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
