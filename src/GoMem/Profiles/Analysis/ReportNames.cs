namespace GoMem.Profiles.Analysis;

/// <summary>
/// The function names reports show, filter and prune by: what pprof's symbolizer leaves in a profile it reads (every
/// profile, before any report, unless -symbolize=none). A function whose name differs from its system name keeps its
/// name; the others take their system name, and one that looks like demangled C++ (it holds &lt; &gt; [ ] or ::, but
/// neither ".&lt;", a Java name, nor "]).", a Go method of a generic type) loses its parenthesised parts and then its
/// angle-bracketed ones, as pprof's default demangling drops C++ parameters and template arguments. Go's generic
/// names as a symbol table spells them are caught: main.Alloc[go.shape.interface { Reset(); Size() int }_0] is
/// shown as main.Alloc[go.shape.interface { Reset; Size int }_0].
/// </summary>
/// <remarks>pprof also demangles C++ and Rust symbol names (_Z..., _R...); GoMem shows those as they are.</remarks>
internal static class ReportNames
{
    /// <summary>
    /// The report name of every function of the profile, by function index. With <paramref name="asStored"/> (pprof's
    /// -symbolize=none, which skips the symbolizer and so its demangling step) each function's name as it is stored,
    /// even an empty one.
    /// </summary>
    public static string[] Of(Profile profile, bool asStored = false)
    {
        var functions = profile.Functions;
        var names = new string[functions.Count];
        for (var i = 0; i < names.Length; i++)
        {
            var f = functions[i];
            names[i] = asStored || (f.Name.Length > 0 && f.Name != f.SystemName) ? f.Name : Simplify(f.SystemName);
        }

        return names;
    }

    /// <summary>pprof's simplification of a name that was not demangled (the name itself when it does not look like C++).</summary>
    public static string Simplify(string name)
    {
        if (!LooksLikeDemangledCPlusPlus(name))
        {
            return name;
        }

        return RemoveMatching(RemoveMatching(name, '(', ')'), '<', '>');
    }

    private static bool LooksLikeDemangledCPlusPlus(string name) =>
        !name.Contains(".<", StringComparison.Ordinal)
        && !name.Contains("]).", StringComparison.Ordinal)
        && (name.AsSpan().IndexOfAny("<>[]") >= 0 || name.Contains("::", StringComparison.Ordinal));

    /// <summary>
    /// Removes each outermost start..end pair with what it encloses. An end with no start stops the removal there
    /// (what was removed before it stays removed); a start never closed is kept.
    /// </summary>
    private static string RemoveMatching(string name, char start, char end)
    {
        ReadOnlySpan<char> pair = [start, end];
        var nesting = 0;
        var first = 0;
        var current = 0;
        for (var index = name.AsSpan(current).IndexOfAny(pair); index >= 0; index = name.AsSpan(current).IndexOfAny(pair))
        {
            current += index;
            if (name[current] == start)
            {
                if (++nesting == 1)
                {
                    first = current;
                }
            }
            else if (--nesting < 0)
            {
                return name;
            }
            else if (nesting == 0)
            {
                name = string.Concat(name.AsSpan(0, first), name.AsSpan(current + 1));
                current = first - 1;
            }

            current++;
        }

        return name;
    }
}
