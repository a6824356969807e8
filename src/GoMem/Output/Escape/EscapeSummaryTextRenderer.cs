using GoMem.Escape;
using GoMem.Escape.Analysis;

namespace GoMem.Output.Escape;

/// <summary>
/// The human summary: totals, then per package and file the functions worst first, each escape or leak on one
/// line with its plain-sentence explanation, and why a function cannot be inlined.
/// </summary>
public static class EscapeSummaryTextRenderer
{
    public static void Write(TextWriter w, EscapeSummary s)
    {
        var t = s.Totals;
        w.WriteLine($"Escape analysis: {EscapeText.DisplayName(s.Source)} ({(s.IsJsonLog ? "JSON log" : s.DetailLevel == 2 ? "-m -m" : "-m")}, {s.LineCount} lines, {t.Findings} findings, {s.UnknownLineCount} lines not understood)");
        w.WriteLine($"Heap: {t.MovedToHeap} moved to heap, {t.Escapes} escape to heap, {EscapeText.Plural(t.LeakingParams, "leaking param", "leaking params")}, {t.DoesNotEscape} do not escape");
        w.WriteLine($"Inlining: {t.CanInline} can inline, {t.CannotInline} cannot, {t.InliningCalls} calls inlined, {t.Devirtualized} devirtualized");
        if (s.IsJsonLog)
        {
            w.WriteLine("Note: read from the compiler's JSON log, which names no functions and reports moved-to-heap variables as escapes. Use -gcflags='-m -m' for both.");
        }
        else if (s.DetailLevel == 1)
        {
            w.WriteLine("Note: built with -m only: no reasons, no function names, no cannot-inline reasons. Use -gcflags='-m -m' for them.");
        }

        foreach (var u in s.UnknownSamples)
        {
            w.WriteLine($"Not understood, line {u.LineNumber}: {u.Text}");
        }

        foreach (var p in s.Packages)
        {
            w.WriteLine();
            w.WriteLine($"package {(p.Package.Length == 0 ? "(no # header)" : p.Package)}: {EscapeText.Plural(p.HeapAllocations, "heap allocation", "heap allocations")}, {EscapeText.Plural(p.LeakingParams, "leaking param", "leaking params")}");
            foreach (var file in p.Files)
            {
                w.WriteLine($"  {file.File}");
                var quiet = new List<string>();
                foreach (var f in file.Functions)
                {
                    if (f.Findings.IsEmpty && f.Inlinable != false)
                    {
                        quiet.Add(f.Function);
                        continue;
                    }

                    w.WriteLine($"    {EscapeText.FunctionLabel(f.Function)}: {Counts(f)}{Inlining(f)}");
                    foreach (var e in f.Findings)
                    {
                        w.WriteLine($"      {Position(e.Finding),-7} {EscapeKinds.Name(e.Finding.Kind),-23} {e.Explanation}");
                    }
                }

                if (quiet.Count > 0)
                {
                    w.WriteLine($"    nothing escapes, inlinable: {string.Join(", ", quiet)}");
                }
            }
        }
    }

    private static string Counts(FunctionEscapes f)
    {
        var parts = new List<string>(3);
        if (f.MovedToHeap > 0)
        {
            parts.Add($"{f.MovedToHeap} moved to heap");
        }

        if (f.Escapes > 0)
        {
            parts.Add($"{f.Escapes} escape");
        }

        if (f.LeakingParams > 0)
        {
            parts.Add(EscapeText.Plural(f.LeakingParams, "leaking param", "leaking params"));
        }

        return parts.Count == 0 ? "no escapes" : string.Join(", ", parts);
    }

    private static string Inlining(FunctionEscapes f) => f.Inlinable switch
    {
        true => f.InlineCost is { } cost ? $"; inlinable (cost {cost})" : "; inlinable",
        false => $"; cannot inline: {f.CannotInlineReason}",
        null => "",
    };

    private static string Position(EscapeFinding f) => f.Column > 0 ? $"{f.Line}:{f.Column}" : $"{f.Line}";
}
