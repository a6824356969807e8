using System.Collections.Immutable;

namespace GoMem.Escape.Parsing;

/// <summary>
/// Names the function each finding is in. The compiler does not say; but at -m -m it prints an inlining decision
/// ("can inline F" / "cannot inline F: ...") at every function's declaration, so a finding belongs to the last
/// top-level function declared at or above its line in the same file. Closures (F.func1) are not scopes of their
/// own here: their end is unknown, and code after a closure belongs to the enclosing function.
/// </summary>
internal static class FunctionScopes
{
    public static ImmutableArray<EscapeFinding> Attribute(List<EscapeFinding> findings)
    {
        var declarations = new Dictionary<(string Package, string File), List<(int Line, string Name)>>();
        foreach (var f in findings)
        {
            if (f.Kind is EscapeKind.CanInline or EscapeKind.CannotInline && !IsClosure(f.Name))
            {
                if (!declarations.TryGetValue((f.Package, f.File), out var list))
                {
                    list = [];
                    declarations[(f.Package, f.File)] = list;
                }

                list.Add((f.Line, f.Name));
            }
        }

        foreach (var list in declarations.Values)
        {
            list.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : string.CompareOrdinal(a.Name, b.Name));
        }

        var result = ImmutableArray.CreateBuilder<EscapeFinding>(findings.Count);
        foreach (var f in findings)
        {
            if (f.Function.Length > 0 || !declarations.TryGetValue((f.Package, f.File), out var list))
            {
                result.Add(f);
                continue;
            }

            var enclosing = Enclosing(list, f.Line);
            result.Add(enclosing is null ? f : f with { Function = enclosing });
        }

        return result.MoveToImmutable();
    }

    /// <summary>True for compiler-named closures: "Counter.func1", "work.func2.1", "glob..func1".</summary>
    public static bool IsClosure(string name)
    {
        var at = name.LastIndexOf(".func", StringComparison.Ordinal);
        return at > 0 && at + 5 < name.Length && char.IsAsciiDigit(name[at + 5]);
    }

    private static string? Enclosing(List<(int Line, string Name)> sorted, int line)
    {
        int lo = 0, hi = sorted.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid].Line <= line)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found < 0 ? null : sorted[found].Name;
    }
}
