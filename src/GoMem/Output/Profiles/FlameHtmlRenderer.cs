using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GoMem.Output.Html;
using GoMem.Output.Json;
using GoMem.Output.Text;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;

namespace GoMem.Output.Profiles;

/// <summary>
/// Writes a <see cref="FlameGraph"/> as one self-contained, offline HTML page: an icicle chart drawn from a JSON data
/// island, with zoom, search and tooltips. Every frame and file name is untrusted: text in the markup is
/// HTML-encoded, and the data island is JSON whose encoder escapes &lt; &gt; &amp; quotes and all non-ASCII
/// (U+2028/2029 included) as \uXXXX, so no name can close the script element or be read as markup.
/// </summary>
public static class FlameHtmlRenderer
{
    /// <summary>Nothing may load or connect: only this page's own script and style, pinned by hash.</summary>
    public static string ContentSecurityPolicy { get; } = HtmlPage.ContentSecurityPolicy(FlamePageStyle.Css, FlamePageScript.Js);

    public static void Write(Stream stream, FlameGraph graph)
    {
        var title = Html(Title(graph));
        Text(stream, $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="{{ContentSecurityPolicy}}">
            <meta name="referrer" content="no-referrer">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{title}}</title>
            <style>{{FlamePageStyle.Css}}</style>
            </head>
            <body>
            <header>
            <h1>{{title}}</h1>
            <p id="subtitle">{{Html(Subtitle(graph))}}</p>
            <div class="controls">
            <button id="reset" type="button" title="Show everything (Esc)">All</button>
            <input id="search" type="search" placeholder="Search frames (regexp)" aria-label="Search frames" autocomplete="off" spellcheck="false">
            <span id="matched"></span>
            {{Legend(graph)}}</div>
            <div id="path"></div>
            <noscript><p>This flame graph needs JavaScript.</p></noscript>
            </header>
            <main><canvas id="chart"></canvas><p id="empty" hidden>No samples.</p></main>
            <div id="tip" role="tooltip" hidden></div>
            <script type="application/json" id="flame-data">
            """);
        FlameDataJsonRenderer.Write(stream, graph);
        Text(stream, $"""

            </script>
            <script>{FlamePageScript.Js}</script>
            </body>
            </html>

            """);
    }

    /// <summary>"binary · sample type · total" (or the base → new change in a diff).</summary>
    internal static string Title(FlameGraph graph)
    {
        var parts = new List<string>(3);
        if (graph.Summary.BinaryFile.Length > 0)
        {
            parts.Add(GoPath.Base(graph.Summary.BinaryFile));
        }

        parts.Add(graph.Summary.SampleType);
        parts.Add(graph.IsDiff
            ? $"{Format(graph, graph.Root.Base)} → {Format(graph, graph.Root.New)} ({Signed(graph, graph.Root.Value)})"
            : $"{Format(graph, graph.Total)} total");
        return string.Join(" · ", parts);
    }

    internal static string Subtitle(FlameGraph graph)
    {
        var root = graph.Root;
        var parts = new List<string>();
        if (graph.IsDiff)
        {
            parts.Add($"Diff: base {Format(graph, root.Base)}, new {Format(graph, root.New)}, change {Signed(graph, root.Value)} ({PprofText.Percentage(root.Value, graph.Total).Trim()} of base total {Format(graph, graph.Total)})");
            parts.Add("width: base + new, red: grew, blue: shrank");
        }
        else if (root.Value != graph.Total)
        {
            parts.Add($"Showing {Format(graph, root.Value)} of {Format(graph, graph.Total)} total ({PprofText.Percentage(root.Value, graph.Total).Trim()})");
        }
        else
        {
            parts.Add($"Total {Format(graph, graph.Total)}");
        }

        if (graph.ActiveFilters.Count > 0)
        {
            parts.Add("Active filters: " + string.Join(", ", graph.ActiveFilters));
        }

        if (graph.PrunedNodeCount > 0)
        {
            parts.Add($"{graph.PrunedNodeCount} tiny call paths folded into their callers");
        }

        parts.Add("click a frame to zoom, Esc to reset");
        return string.Join(" · ", parts);
    }

    private static string Legend(FlameGraph graph) => graph.IsDiff
        ? "<span class=\"legend\"><span class=\"swatch grow\"></span>grew<span class=\"swatch shrink\"></span>shrank<span class=\"swatch same\"></span>unchanged</span>\n"
        : "";

    private static string Format(FlameGraph graph, long value) => PprofText.ScaledLabel(SampleUnits.Scale(value, graph.Summary.SampleUnit, graph.DisplayUnit));

    private static string Signed(FlameGraph graph, long value) => (value > 0 ? "+" : "") + Format(graph, value);

    private static string Html(string text) => HtmlPage.Encode(text);

    private static void Text(Stream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        stream.Write(bytes);
    }
}
