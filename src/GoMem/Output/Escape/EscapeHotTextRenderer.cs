using System.Globalization;
using GoMem.Escape;
using GoMem.Escape.Analysis;
using GoMem.Output.Text;
using static GoMem.Output.Text.HumanText;

namespace GoMem.Output.Escape;

/// <summary>The human hot report: escape sites ranked by allocated bytes, each with its findings explained.</summary>
public static class EscapeHotTextRenderer
{
    /// <summary>As pprof's top: bytes, bytes% and objects right-aligned in fixed widths, then the site.</summary>
    private static readonly TextColumn[] Columns =
    [
        new(TextTable.Align.Right, "", 10, Fixed: true),
        new(TextTable.Align.Right, " ", 7, Fixed: true),
        new(TextTable.Align.Right, " ", 9, Fixed: true),
        new(TextTable.Align.Left, "  "),
    ];

    public static void Write(TextWriter w, EscapeHotReport r, int limit)
    {
        w.WriteLine($"Escape sites by allocation: {EscapeText.DisplayName(r.LogSource)} joined with {EscapeText.DisplayName(r.ProfileSource)} ({r.BytesType}{(r.ObjectsType.Length > 0 ? ", " + r.ObjectsType : "")})");
        w.WriteLine($"Profile total: {Bytes(r.TotalBytes)} in {r.TotalObjects} objects; escape sites account for {Bytes(r.MatchedBytes)} ({PprofText.Percentage(r.MatchedBytes, r.TotalBytes).Trim()}) in {r.MatchedObjects} objects.");
        w.WriteLine($"{r.Sites.Length} of {r.EscapeSites} escape sites allocated in this profile; the others did not run or were not sampled.");
        if (!r.Sites.IsEmpty)
        {
            w.WriteLine();
            var sites = new TextTable(Columns).AddRow("bytes", "bytes%", "objects", "site");
            foreach (var site in r.Sites.Take(limit > 0 ? limit : int.MaxValue))
            {
                sites.AddRow(Bytes(site.Bytes), PprofText.Percentage(site.Bytes, r.TotalBytes), Count(site.Objects), $"{site.File}:{site.Line} {EscapeText.FunctionLabel(site.Function)} ({site.Package})");
                foreach (var e in site.Findings)
                {
                    sites.Row().Col(3).Cell($"{EscapeKinds.Name(e.Finding.Kind)}: {e.Explanation}");
                }
            }

            sites.WriteTo(w);
        }

        if (!r.Unexplained.IsEmpty)
        {
            w.WriteLine();
            w.WriteLine("Largest allocations at lines with no escape finding (append growth, callees in other packages, runtime conversions):");
            var unexplained = new TextTable(Columns);
            foreach (var u in r.Unexplained)
            {
                unexplained.AddRow(Bytes(u.Bytes), PprofText.Percentage(u.Bytes, r.TotalBytes), Count(u.Objects), $"{u.Function} {u.File}:{u.Line}");
            }

            unexplained.WriteTo(w);
        }
    }

    private static string Count(long objects) => objects.ToString(CultureInfo.InvariantCulture);
}
