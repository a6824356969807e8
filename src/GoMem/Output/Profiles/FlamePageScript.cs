using System.Reflection;

namespace GoMem.Output.Profiles;

/// <summary>
/// The flame page's script (inlined, allowed by its hash in the page's Content-Security-Policy): the shared flame
/// graph code (<c>flame-graph.js</c> beside this file, embedded in the assembly, and bundled into the dashboard of
/// <c>gomem serve</c> too) and the one call that mounts it on the page's elements and data island.
/// </summary>
internal static class FlamePageScript
{
    /// <summary>The shared flame graph code, as the assembly embeds it.</summary>
    public static string SharedCode { get; } = Load("GoMem.Output.Profiles.flame-graph.js");

    public static string Js { get; } = "\n" + SharedCode + """

        mountFlameGraph({
          canvas: document.getElementById('chart'), tip: document.getElementById('tip'), search: document.getElementById('search'),
          matched: document.getElementById('matched'), path: document.getElementById('path'), reset: document.getElementById('reset'),
          empty: document.getElementById('empty'),
        }, JSON.parse(document.getElementById('flame-data').textContent));

        """;

    private static string Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the assembly embeds no {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
