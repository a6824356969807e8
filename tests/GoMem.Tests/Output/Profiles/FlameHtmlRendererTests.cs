using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GoMem.Output.Profiles;
using GoMem.Profiles;
using ValueType = GoMem.Profiles.ValueType;
using GoMem.Profiles.Analysis;
using GoMem.Tests.Profiles.Analysis;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Output.Profiles;

public sealed partial class FlameHtmlRendererTests
{
    private static readonly string[] HostileNames =
    [
        "<script>alert(1)</script>",
        "</script><img src=x onerror=alert(1)>",
        "a\"b'c&d",
        "x\u2028y\u2029z",
        "<!--",
    ];

    [Fact]
    public void Html_matches_golden()
    {
        var graph = FlameGraph.Analyze(FlameGraphTestProfiles.Small(), new ReportOptions());
        Golden.AssertMatches(Path.Combine("flame", "small.html"), Html(graph));
    }

    [Fact]
    public void Diff_html_matches_golden()
    {
        var graph = FlameGraph.Analyze(FlameGraphTestProfiles.Small(), new ReportOptions(), FlameGraphTestProfiles.Small(older: true));
        Golden.AssertMatches(Path.Combine("flame", "small.diff.html"), Html(graph));
    }

    [Fact]
    public void Json_matches_golden()
    {
        var graph = FlameGraph.Analyze(FlameGraphTestProfiles.Small(), new ReportOptions());
        Golden.AssertMatches(Path.Combine("flame", "small.json"), Json(graph));
    }

    [Fact]
    public void Diff_json_matches_golden()
    {
        var graph = FlameGraph.Analyze(FlameGraphTestProfiles.Small(), new ReportOptions(), FlameGraphTestProfiles.Small(older: true));
        Golden.AssertMatches(Path.Combine("flame", "small.diff.json"), Json(graph));
    }

    [Fact]
    public void Hostile_names_render_only_as_escaped_text()
    {
        var samples = HostileNames.Select((name, i) => (Value: 100L + i, Stack: new[] { "main.main", name })).ToArray();
        var profile = FlameGraphTestProfiles.Build("/bin/</title><script>alert(2)</script>", new ValueType("<b>in&use</b>", "bytes\u2028"), samples);
        var html = Html(FlameGraph.Analyze(profile, new ReportOptions(), minFraction: 0));

        Assert.DoesNotContain("<script>alert(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("</script><img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("</title><", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<!--", html, StringComparison.Ordinal);
        Assert.DoesNotContain("a\"b'c&d", html, StringComparison.Ordinal);
        Assert.DoesNotContain('\u2028', html);
        Assert.DoesNotContain('\u2029', html);

        // Exactly the two script elements the renderer writes: the data island and the page's own script.
        Assert.Equal(2, Regex.Count(html, "<script", RegexOptions.IgnoreCase));
        Assert.Equal(2, Regex.Count(html, "</script", RegexOptions.IgnoreCase));
        Assert.Equal(1, Regex.Count(html, "<title", RegexOptions.IgnoreCase));

        // The island holds no markup characters at all, and decodes back to the exact names.
        var island = Island(html);
        Assert.DoesNotMatch("[<>&'\u2028\u2029]", island);
        using var data = JsonDocument.Parse(island);
        var names = data.RootElement.GetProperty("names").EnumerateArray().Select(n => n.GetString()).ToList();
        foreach (var name in HostileNames)
        {
            Assert.Contains(name, names);
        }

        Assert.Equal("<b>in&use</b>", data.RootElement.GetProperty("sampleType").GetString());
    }

    [Fact]
    public void Content_security_policy_pins_the_page_script_and_style()
    {
        var html = Html(FlameGraph.Analyze(FlameGraphTestProfiles.Small(), new ReportOptions()));
        var policy = CspMeta().Match(html).Groups[1].Value;
        Assert.Equal(FlameHtmlRenderer.ContentSecurityPolicy, policy);
        Assert.StartsWith("default-src 'none';", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("img-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);

        var script = Between(html, "<script>", "</script>");
        var style = Between(html, "<style>", "</style>");
        Assert.Contains($"script-src 'sha256-{Sha256(script)}'", policy, StringComparison.Ordinal);
        Assert.Contains($"style-src 'sha256-{Sha256(style)}'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("innerHTML", script, StringComparison.Ordinal);
        Assert.DoesNotContain("outerHTML", script, StringComparison.Ordinal);
        Assert.DoesNotContain("insertAdjacentHTML", script, StringComparison.Ordinal);
        Assert.DoesNotContain("document.write", script, StringComparison.Ordinal);
        Assert.DoesNotContain("eval(", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_references_nothing_outside_itself()
    {
        var profile = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.2.pb.gz"));
        foreach (var graph in new[] { FlameGraph.Analyze(profile, new ReportOptions()), FlameGraph.Analyze(FlameGraphTestProfiles.Small(), new ReportOptions()) })
        {
            var html = Html(graph);
            Assert.DoesNotMatch("(?i)https?://", html);
            Assert.DoesNotMatch("(?i)\\b(src|href|action|srcset)\\s*=", html);
            Assert.DoesNotMatch("(?i)url\\(|@import|fetch\\(|XMLHttpRequest|WebSocket|EventSource", html);
            Assert.StartsWith("<!DOCTYPE html>\n", html, StringComparison.Ordinal);
            Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Title_names_binary_sample_type_and_total()
    {
        var graph = FlameGraph.Analyze(FlameGraphTestProfiles.Small(), new ReportOptions());
        Assert.Equal("demo · inuse_space · 3.50MB total", FlameHtmlRenderer.Title(graph));
        var diff = FlameGraph.Analyze(FlameGraphTestProfiles.Small(), new ReportOptions(), FlameGraphTestProfiles.Small(older: true));
        Assert.Equal("demo · inuse_space · 3.01MB → 3.50MB (+508.98kB)", FlameHtmlRenderer.Title(diff));
    }

    [Fact]
    public void Island_holds_the_tree_in_pre_order()
    {
        var graph = FlameGraph.Analyze(FlameGraphTestProfiles.Small(), new ReportOptions(), FlameGraphTestProfiles.Small(older: true));
        using var data = JsonDocument.Parse(Island(Html(graph)));
        var root = data.RootElement;
        var stride = root.GetProperty("stride").GetInt32();
        var nodes = root.GetProperty("nodes").EnumerateArray().Select(n => n.GetInt64()).ToArray();
        var names = root.GetProperty("names").EnumerateArray().Select(n => n.GetString()).ToArray();
        var expected = FlameGraphTestProfiles.Paths(graph.Root);
        Assert.Equal(8, stride);
        Assert.Equal(expected.Count * stride, nodes.Length);
        for (var i = 0; i < expected.Count; i++)
        {
            var (path, node) = expected[i];
            var o = i * stride;
            Assert.Equal(path.Count(c => c == ';'), nodes[o]);
            Assert.Equal(node.Name, names[nodes[o + 1]]);
            Assert.Equal((long)node.Inline, nodes[o + 2]);
            Assert.Equal([node.Weight, node.Value, node.Self, node.Base, node.New], nodes[(o + 3)..(o + 8)]);
        }
    }

    [Fact]
    public void Very_deep_stacks_render_without_recursion()
    {
        var stack = Enumerable.Range(0, 50_000).Select(i => "main.f" + (i % 7)).ToArray();
        var profile = FlameGraphTestProfiles.Build("deep", new ValueType("inuse_space", "bytes"), (4096, stack));
        var graph = FlameGraph.Analyze(profile, new ReportOptions());
        Assert.Equal(50_001, graph.NodeCount);
        using var data = JsonDocument.Parse(Island(Html(graph)));
        Assert.Equal(50_001 * 6, data.RootElement.GetProperty("nodes").GetArrayLength());
        var json = Json(graph);
        Assert.EndsWith("]}]}]}}\n", json, StringComparison.Ordinal);
    }

    private static string Html(FlameGraph graph)
    {
        using var stream = new MemoryStream();
        FlameHtmlRenderer.Write(stream, graph);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Json(FlameGraph graph)
    {
        using var stream = new MemoryStream();
        FlameJsonRenderer.Write(stream, graph);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Island(string html) => Between(html, "<script type=\"application/json\" id=\"flame-data\">", "</script>");

    private static string Between(string text, string open, string close)
    {
        var start = text.IndexOf(open, StringComparison.Ordinal);
        Assert.True(start >= 0, open);
        start += open.Length;
        return text[start..text.IndexOf(close, start, StringComparison.Ordinal)];
    }

    private static string Sha256(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">")]
    private static partial Regex CspMeta();
}
