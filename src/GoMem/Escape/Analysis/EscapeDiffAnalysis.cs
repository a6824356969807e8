using System.Collections.Immutable;

namespace GoMem.Escape.Analysis;

/// <summary>
/// Compares two logs. Escapes are matched by package, function, kind and variable or expression, never by line,
/// so code that only moved matches; two equal keys in one function pair up in line order. Inlining decisions are
/// matched by package and function name.
/// </summary>
public static class EscapeDiffAnalysis
{
    public static EscapeDiff Analyze(EscapeLog older, EscapeLog newer)
    {
        var oldEscapes = Escapes(older);
        var newEscapes = Escapes(newer);
        var changes = new List<EscapeChange>();
        var unchanged = 0;
        foreach (var (key, newList) in newEscapes)
        {
            var oldList = oldEscapes.GetValueOrDefault(key) ?? [];
            unchanged += Math.Min(oldList.Count, newList.Count);
            for (var i = oldList.Count; i < newList.Count; i++)
            {
                changes.Add(new EscapeChange(EscapeChangeKind.NewEscape, null, EscapeExplainer.Explain(newList[i])));
            }
        }

        foreach (var (key, oldList) in oldEscapes)
        {
            var newCount = newEscapes.GetValueOrDefault(key)?.Count ?? 0;
            for (var i = newCount; i < oldList.Count; i++)
            {
                changes.Add(new EscapeChange(EscapeChangeKind.GoneEscape, EscapeExplainer.Explain(oldList[i]), null));
            }
        }

        var oldInline = Decisions(older);
        var newInline = Decisions(newer);
        foreach (var (key, after) in newInline)
        {
            if (oldInline.TryGetValue(key, out var before) && before.Kind != after.Kind)
            {
                var kind = after.Kind == EscapeKind.CannotInline ? EscapeChangeKind.LostInline : EscapeChangeKind.GainedInline;
                changes.Add(new EscapeChange(kind, EscapeExplainer.Explain(before), EscapeExplainer.Explain(after)));
            }
        }

        var ordered = changes
            .OrderBy(c => c.Kind)
            .ThenBy(c => c.Current.Finding.Package, StringComparer.Ordinal)
            .ThenBy(c => c.Current.Finding.File, StringComparer.Ordinal)
            .ThenBy(c => c.Current.Finding.Line)
            .ThenBy(c => c.Current.Finding.Column)
            .ThenBy(c => c.Current.Finding.Name, StringComparer.Ordinal)
            .ToImmutableArray();
        return new EscapeDiff(older.Source, newer.Source, oldEscapes.Values.Sum(l => l.Count), newEscapes.Values.Sum(l => l.Count), unchanged, ordered);
    }

    /// <summary>Escapes and leaks by match key, each list in line order. Without function names (-m), the file stands in.</summary>
    private static Dictionary<(EscapeKind, string, string, string), List<EscapeFinding>> Escapes(EscapeLog log)
    {
        var result = new Dictionary<(EscapeKind, string, string, string), List<EscapeFinding>>();
        foreach (var f in log.Findings)
        {
            if (!EscapeKinds.IsEscape(f.Kind))
            {
                continue;
            }

            var key = (f.Kind, f.Package, f.Function.Length > 0 ? f.Function : "file " + f.File, f.Name);
            if (!result.TryGetValue(key, out var list))
            {
                list = [];
                result[key] = list;
            }

            list.Add(f);
        }

        foreach (var list in result.Values)
        {
            list.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        }

        return result;
    }

    /// <summary>The last inlining decision for each (package, function); the JSON log names no functions, so it has none.</summary>
    private static Dictionary<(string, string), EscapeFinding> Decisions(EscapeLog log)
    {
        var result = new Dictionary<(string, string), EscapeFinding>();
        foreach (var f in log.Findings)
        {
            if (f.Kind is EscapeKind.CanInline or EscapeKind.CannotInline && f.Name.Length > 0)
            {
                result[(f.Package, f.Name)] = f;
            }
        }

        return result;
    }
}
