namespace GoMem.Output.Profiles;

/// <summary>The flame page's stylesheet (inlined, allowed by its hash in the page's Content-Security-Policy).</summary>
internal static class FlamePageStyle
{
    public const string Css = """

        :root { color-scheme: light; }
        body { margin: 0; font: 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; background: #fff; }
        header { position: sticky; top: 0; z-index: 1; background: #f5f5f5; border-bottom: 1px solid #ddd; padding: 8px 12px; }
        h1 { font-size: 16px; font-weight: 600; margin: 0 0 2px; overflow-wrap: anywhere; }
        #subtitle { margin: 0 0 6px; color: #555; overflow-wrap: anywhere; }
        .controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
        #search { width: 22em; padding: 3px 6px; font: inherit; }
        #matched { color: #8a138a; font-weight: 600; }
        #path { min-height: 1.4em; margin-top: 4px; color: #555; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
        .legend { color: #555; }
        .swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -2px; margin: 0 3px 0 6px; border-radius: 2px; }
        .grow { background: #d62020; }
        .shrink { background: #1f6fd6; }
        .same { background: #dcdcdc; }
        main { padding: 4px 12px 12px; }
        #chart { display: block; width: 100%; height: 0; cursor: pointer; }
        #empty { color: #777; font-style: italic; }
        #tip { position: fixed; z-index: 2; max-width: 560px; padding: 6px 8px; background: #fffffff5; border: 1px solid #aaa; border-radius: 4px; box-shadow: 0 2px 8px #0003; pointer-events: none; font-size: 12px; line-height: 1.45; }
        #tip .name { font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 600; overflow-wrap: anywhere; margin-bottom: 3px; }
        [hidden] { display: none !important; }

        """;
}
