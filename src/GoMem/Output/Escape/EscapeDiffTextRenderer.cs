using GoMem.Escape;
using GoMem.Escape.Analysis;

namespace GoMem.Output.Escape;

/// <summary>The human diff: counts, then new escapes, lost inlining, gone escapes and gained inlining.</summary>
public static class EscapeDiffTextRenderer
{
    public static void Write(TextWriter w, EscapeDiff d)
    {
        w.WriteLine($"Escape diff: {EscapeText.DisplayName(d.OldSource)} -> {EscapeText.DisplayName(d.NewSource)}");
        w.WriteLine($"Escapes and leaks: {d.OldEscapes} before, {d.NewEscapes} after, {d.UnchangedEscapes} unchanged; {Counts(d)}");
        Section(w, d, EscapeChangeKind.NewEscape, "New escapes (in NEW, not in OLD)");
        Section(w, d, EscapeChangeKind.LostInline, "Lost inlining (OLD could inline, NEW cannot)");
        Section(w, d, EscapeChangeKind.GoneEscape, "Gone escapes (in OLD, fixed in NEW; lines are OLD's)");
        Section(w, d, EscapeChangeKind.GainedInline, "Gained inlining");
    }

    public static string Counts(EscapeDiff d) =>
        $"{d.Count(EscapeChangeKind.NewEscape)} new, {d.Count(EscapeChangeKind.GoneEscape)} gone, " +
        $"{d.Count(EscapeChangeKind.LostInline)} lost inline, {d.Count(EscapeChangeKind.GainedInline)} gained inline";

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
            w.WriteLine($"  {f.Position}  {EscapeText.FunctionLabel(f.Function)}  {EscapeKinds.Name(f.Kind)}  {Message(c)}");
        }
    }

    /// <summary>One sentence for a change, shared by every diff format.</summary>
    public static string Message(EscapeChange c) => c.Kind switch
    {
        EscapeChangeKind.LostInline => $"{c.New!.Finding.Name} can no longer be inlined: {c.New.Finding.Detail}{WasCost(c.Old)}",
        EscapeChangeKind.GainedInline => $"{c.New!.Finding.Name} can now be inlined{(c.New.Finding.Cost is { } cost ? $" (cost {cost})" : "")}; before: {c.Old!.Finding.Detail}",
        EscapeChangeKind.GoneEscape => $"no longer: {c.Old!.Explanation}",
        _ => c.Current.Explanation,
    };

    private static string WasCost(ExplainedFinding? old) => old?.Finding.Cost is { } cost ? $" (was inlinable, cost {cost})" : " (was inlinable)";
}
