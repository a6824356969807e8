using GoMem.Escape;
using GoMem.Escape.Analysis;

namespace GoMem.Output.Escape;

/// <summary>The human diff: counts, then new escapes, lost inlining, gone escapes and gained inlining.</summary>
public static class EscapeDiffTextRenderer
{
    public static void Write(TextWriter w, EscapeDiff d)
    {
        w.WriteLine($"Escape diff: {EscapeText.DisplayName(d.OldSource)} -> {EscapeText.DisplayName(d.NewSource)}");
        w.WriteLine($"Escapes and leaks: {d.OldEscapes} before, {d.NewEscapes} after, {d.UnchangedEscapes} unchanged; {EscapeDiffText.Counts(d)}");
        Section(w, d, EscapeChangeKind.NewEscape, "New escapes (in NEW, not in OLD)");
        Section(w, d, EscapeChangeKind.LostInline, "Lost inlining (OLD could inline, NEW cannot)");
        Section(w, d, EscapeChangeKind.GoneEscape, "Gone escapes (in OLD, fixed in NEW; lines are OLD's)");
        Section(w, d, EscapeChangeKind.GainedInline, "Gained inlining");
    }

    private static void Section(TextWriter w, EscapeDiff d, EscapeChangeKind kind, string title)
    {
        var changes = d.Changes.Where(c => c.Kind == kind).ToList();
        if (changes.Count == 0)
        {
            return;
        }

        w.WriteLine();
        w.WriteLine($"{title}: {changes.Count}");
        foreach (var c in changes)
        {
            var f = c.Current.Finding;
            w.WriteLine($"  {f.Position}  {EscapeText.FunctionLabel(f.Function)}  {EscapeKinds.Name(f.Kind)}  {EscapeDiffText.Message(c)}");
        }
    }
}
