using GoMem.Escape;
using GoMem.Escape.Analysis;
using GoMem.Tests.TestSupport;
using NJsonSchema;

namespace GoMem.Tests.Escape;

/// <summary>
/// The diff of the real v1 and v2 builds of examples/escape (v2 shifts every line and changes Describe, Checksum,
/// Sum and Scale on purpose; see the comment at the top of examples/escape/v2/patterns/patterns.go).
/// </summary>
public sealed class EscapeDiffTests
{
    private static EscapeDiff Diff() => EscapeDiffAnalysis.Analyze(EscapeFixtures.Read("v1", "m2.txt"), EscapeFixtures.Read("v2", "m2.txt"));

    [Fact]
    public void Matches_findings_across_line_shifts_and_reports_only_real_changes()
    {
        var diff = Diff();
        // NewPoint's p moved from line 21 to 27 in v2: unchanged, not gone + new.
        Assert.DoesNotContain(diff.Changes, c => c.Current.Finding.Function == "NewPoint");
        Assert.DoesNotContain(diff.Changes, c => c.Current.Finding.Function == "Classify");
        Assert.Equal(20, diff.UnchangedEscapes);

        var gone = diff.Changes.Where(c => c.Kind == EscapeChangeKind.GoneEscape).Select(c => (c.Old!.Finding.Function, c.Old.Finding.Name)).ToHashSet();
        Assert.Contains(("Describe", "p.X"), gone);
        Assert.Contains(("Describe", "p.Y"), gone);
        Assert.Contains(("Checksum", "new([262144]byte)"), gone);

        var added = diff.Changes.Where(c => c.Kind == EscapeChangeKind.NewEscape).Select(c => (c.New!.Finding.Function, c.New.Finding.Kind, c.New.Finding.Name)).ToHashSet();
        Assert.Contains(("Sum", EscapeKind.LeakingParamContent, "ps"), added);
        Assert.Contains(("Scale", EscapeKind.Escapes, "p.X"), added);

        var lost = diff.Changes.Where(c => c.Kind == EscapeChangeKind.LostInline).ToList();
        Assert.Equal(["Describe", "Scale"], lost.Select(c => c.New!.Finding.Name).ToArray());
        Assert.Equal(12, lost[1].Old!.Finding.Cost);
        Assert.Equal("function too complex: cost 94 exceeds budget 80", lost[1].New!.Finding.Detail);
    }

    [Fact]
    public void A_log_compared_with_itself_has_no_changes()
    {
        var log = EscapeFixtures.Read("v2", "m2.txt");
        var diff = EscapeDiffAnalysis.Analyze(log, log);
        Assert.Empty(diff.Changes);
        Assert.Equal(diff.NewEscapes, diff.UnchangedEscapes);
    }

    [Theory]
    [InlineData("new-escape", 1)]
    [InlineData("lost-inline", 1)]
    [InlineData("new-escape,lost-inline", 1)]
    [InlineData("gained-inline", 0)]
    public void Fail_on_exits_1_only_for_the_named_changes(string gates, int exit)
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, "escape", "diff", "escapedemo/v1/m2.txt", "escapedemo/v2/m2.txt", "--fail-on", gates);
        Assert.Equal(exit, result.ExitCode);
        Assert.Equal(exit == 1, result.Stderr.Contains("failed --fail-on", StringComparison.Ordinal));
    }

    [Fact]
    public void Identical_builds_pass_every_gate()
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, "escape", "diff", "escapedemo/v1/m2.txt", "escapedemo/v1/m2.txt", "--fail-on", "new-escape,lost-inline");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Unknown_gate_is_a_usage_error()
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, "escape", "diff", "escapedemo/v1/m2.txt", "escapedemo/v2/m2.txt", "--fail-on", "everything");
        Assert.Equal(2, result.ExitCode);
    }

    [Theory]
    [InlineData("diff.v1-v2.txt", "text")]
    [InlineData("diff.v1-v2.json", "json")]
    [InlineData("diff.v1-v2.md", "markdown")]
    [InlineData("diff.v1-v2.github.txt", "github")]
    [InlineData("diff.v1-v2.sarif", "sarif")]
    public void Output_matches_golden(string golden, string format)
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, "escape", "diff", "escapedemo/v1/m2.txt", "escapedemo/v2/m2.txt", "--format", format, "--source-root", "examples/escape/v2/");
        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("escape", golden), result.Stdout.Replace(VersionOf(result.Stdout), "VERSION", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sarif_output_is_valid_against_the_official_sarif_2_1_0_schema()
    {
        // Stored gzipped: testdata/ holds no plain JSON but /debug/vars fixtures (the sniffer tests read every file).
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(RepoPaths.TestData, "escapedemo", "sarif", "sarif-2.1.0-rtm.5.json.gz")), System.IO.Compression.CompressionMode.Decompress);
        var schema = await JsonSchema.FromJsonAsync(await new StreamReader(gzip).ReadToEndAsync());
        var sarif = GoMemCli.RunIn(RepoPaths.TestData, "escape", "diff", "escapedemo/v1/m2.txt", "escapedemo/v2/m2.txt", "--format", "sarif").Stdout;
        Assert.Empty(schema.Validate(sarif));

        using var document = System.Text.Json.JsonDocument.Parse(sarif);
        var results = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(8, results.Count); // 6 new escapes + 2 lost inlinings; fixed escapes are not alerts
        var first = results[0].GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("patterns/patterns.go", first.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(57, first.GetProperty("region").GetProperty("startLine").GetInt32());

        // The validator does catch a broken log (so the check above can fail).
        Assert.NotEmpty(schema.Validate(sarif.Replace("\"version\": \"2.1.0\"", "\"version\": \"2.0\"", StringComparison.Ordinal)));
        Assert.NotEmpty(schema.Validate(sarif.Replace("\"startLine\"", "\"startLine\": 0, \"bogus\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Github_annotations_escape_untrusted_text()
    {
        var older = EscapeFixtures.ParseText("# p\na.go:1:6: can inline F\n");
        var newer = EscapeFixtures.ParseText("# p\na,b.go:3:2: x%0A::error::pwned escapes to heap\n");
        var diff = EscapeDiffAnalysis.Analyze(older, newer);
        var writer = new StringWriter { NewLine = "\n" };
        GoMem.Output.Escape.EscapeDiffGithubRenderer.Write(writer, diff);
        var line = Assert.Single(writer.ToString().TrimEnd('\n').Split('\n'));
        Assert.StartsWith("::warning file=a%2Cb.go,line=3,col=2,", line, StringComparison.Ordinal);
        Assert.Contains("::x%250A::error::pwned is allocated", line, StringComparison.Ordinal); // %25: the runner shows a literal %0A, not a new line
    }

    /// <summary>The tool version inside SARIF changes with every release: goldens hold a placeholder.</summary>
    private static string VersionOf(string output)
    {
        const string Marker = "\"version\": \"";
        var driver = output.IndexOf("\"driver\"", StringComparison.Ordinal);
        if (driver < 0)
        {
            return "\u0000";
        }

        var start = output.IndexOf(Marker, driver, StringComparison.Ordinal) + Marker.Length;
        return output[start..output.IndexOf('"', start)];
    }
}
