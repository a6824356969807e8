using GoMem.Escape;
using GoMem.Escape.Analysis;

namespace GoMem.Output.Escape;

/// <summary>The words every escape diff format shares: the change counts, and one sentence per change.</summary>
internal static class EscapeDiffText
{
    /// <summary>"3 new, 1 gone, 0 lost inline, 2 gained inline".</summary>
    public static string Counts(EscapeDiff d) =>
        $"{d.Count(EscapeChangeKind.NewEscape)} new, {d.Count(EscapeChangeKind.GoneEscape)} gone, " +
        $"{d.Count(EscapeChangeKind.LostInline)} lost inline, {d.Count(EscapeChangeKind.GainedInline)} gained inline";

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
