namespace GoMem.Output.Profiles;

/// <summary>
/// The flame page's stylesheet (inlined, allowed by its hash in the page's Content-Security-Policy): the page's own
/// layout, then the flame graph's look (<c>flame-graph.css</c> beside this file, embedded in the assembly and bundled
/// into the dashboard of <c>gomem serve</c> too, so it is written once).
/// </summary>
internal static class FlamePageStyle
{
    private const string Page = """

        :root { color-scheme: light; }
        body { margin: 0; font: 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; background: #fff; }
        header { position: sticky; top: 0; z-index: 1; background: #f5f5f5; border-bottom: 1px solid #ddd; padding: 8px 12px; }
        h1 { font-size: 16px; font-weight: 600; margin: 0 0 2px; overflow-wrap: anywhere; }
        #subtitle { margin: 0 0 6px; color: #555; overflow-wrap: anywhere; }
        .controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
        #path { margin-top: 4px; }
        main { padding: 4px 12px 12px; }
        [hidden] { display: none !important; }

        """;

    /// <summary>The flame graph's shared stylesheet, as the assembly embeds it.</summary>
    public static string SharedCss { get; } = FlamePageScript.Load("GoMem.Output.Profiles.flame-graph.css");

    public static string Css { get; } = Page + SharedCss;
}
