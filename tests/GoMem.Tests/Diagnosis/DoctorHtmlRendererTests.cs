using System.Text;
using GoMem.Diagnosis;
using GoMem.Findings;
using GoMem.Leaks;
using GoMem.Output.Diagnosis;
using GoMem.Output.Html;

namespace GoMem.Tests.Diagnosis;

/// <summary>The doctor page: names from profiles are untrusted, so none of them can become markup, and nothing may load.</summary>
public sealed class DoctorHtmlRendererTests
{
    private const string Hostile = "main.(*T).</td><script>alert(1)</script><img src=x onerror=alert(2)>";

    [Fact]
    public void A_hostile_function_name_is_escaped_everywhere()
    {
        var trend = new TrendFigures(1024, 900, 1100, 1000, 4096, 0.001, 1024, 9216, 8192, 4096);
        var leak = new LeakFinding { Kind = LeakKind.Heap, Metric = "inuse_space", Site = Hostile, File = "<b>evil.go</b>", Line = 7, Unit = "bytes", Trend = trend };
        var report = new DoctorReport
        {
            Source = "bundle<script>",
            Snapshots = 4,
            SpanSeconds = 30,
            Findings = [new DoctorFinding(DoctorSection.Leaks, leak.ToFinding())],
            Leaks = new LeakReport
            {
                Findings = [leak],
                Snapshots = 4,
                SpanSeconds = 30,
                TimeSource = SnapshotTimeSource.ProfileTime,
                SnapshotNames = ["1", "2", "3", "4"],
                HeapSitesTested = 1,
                GoroutineGroupsTested = 0,
                Options = new LeakOptions(),
            },
            Notes = ["skipped " + Hostile],
        };
        using var stream = new MemoryStream();

        DoctorHtmlRenderer.Write(stream, report);

        var html = Encoding.UTF8.GetString(stream.ToArray());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>evil", html, StringComparison.Ordinal);
        Assert.DoesNotContain("</td><script", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Heap in use at main.(*T).&lt;/td&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_loads_nothing_and_its_style_is_pinned_by_hash()
    {
        var report = new DoctorReport { Source = "b", Snapshots = 1, SpanSeconds = 0, Findings = [], Notes = [] };
        using var stream = new MemoryStream();

        DoctorHtmlRenderer.Write(stream, report);

        var html = Encoding.UTF8.GetString(stream.ToArray());
        var style = html[(html.IndexOf("<style>", StringComparison.Ordinal) + 7)..html.IndexOf("</style>", StringComparison.Ordinal)];
        Assert.Contains($"content=\"{HtmlPage.ContentSecurityPolicy(style)}\"", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'; script-src 'none'; style-src 'sha256-", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=\"", html, StringComparison.Ordinal);
        Assert.Contains("healthy: nothing needs action", html, StringComparison.Ordinal);
    }
}
