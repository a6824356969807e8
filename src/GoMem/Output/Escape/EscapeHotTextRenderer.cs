using GoMem.Escape;
using GoMem.Escape.Analysis;
using GoMem.Profiles;
using static GoMem.Output.Text.HumanText;
using GoMem.Output.Text;

namespace GoMem.Output.Escape;

/// <summary>The human hot report: escape sites ranked by allocated bytes, each with its findings explained.</summary>
public static class EscapeHotTextRenderer
{
    public static void Write(TextWriter w, EscapeHotReport r, int limit)
    {
        w.WriteLine($"Escape sites by allocation: {EscapeText.DisplayName(r.LogSource)} joined with {EscapeText.DisplayName(r.ProfileSource)} ({r.BytesType}{(r.ObjectsType.Length > 0 ? ", " + r.ObjectsType : "")})");
        w.WriteLine($"Profile total: {Bytes(r.TotalBytes)} in {r.TotalObjects} objects; escape sites account for {Bytes(r.MatchedBytes)} ({PprofText.Percentage(r.MatchedBytes, r.TotalBytes).Trim()}) in {r.MatchedObjects} objects.");
        w.WriteLine($"{r.Sites.Length} of {r.EscapeSites} escape sites allocated in this profile; the others did not run or were not sampled.");
        if (!r.Sites.IsEmpty)
        {
            w.WriteLine();
            w.WriteLine($"{"bytes",10} {"bytes%",7} {"objects",9}  site");
            foreach (var site in r.Sites.Take(limit > 0 ? limit : int.MaxValue))
            {
                w.WriteLine($"{Bytes(site.Bytes),10} {PprofText.Percentage(site.Bytes, r.TotalBytes),7} {site.Objects,9}  {site.File}:{site.Line} {EscapeText.FunctionLabel(site.Function)} ({site.Package})");
                foreach (var e in site.Findings)
                {
                    w.WriteLine($"{"",30}{EscapeKinds.Name(e.Finding.Kind)}: {e.Explanation}");
                }
            }
        }

        if (!r.Unexplained.IsEmpty)
        {
            w.WriteLine();
            w.WriteLine("Largest allocations at lines with no escape finding (append growth, callees in other packages, runtime conversions):");
            foreach (var u in r.Unexplained)
            {
                w.WriteLine($"{Bytes(u.Bytes),10} {PprofText.Percentage(u.Bytes, r.TotalBytes),7} {u.Objects,9}  {u.Function} {u.File}:{u.Line}");
            }
        }
    }

}
