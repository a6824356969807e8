using GoMem.Escape;
using GoMem.Escape.Parsing;
using GoMem.IO;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Escape;

/// <summary>
/// The compiler's JSON log of the same v1 build (go build -gcflags=-json=0,DIR, Go 1.19), read as a directory.
/// Its findings must agree with the text -m -m log of the same sources, apart from what the JSON log lacks.
/// </summary>
public sealed class CompilerJsonLogReaderTests
{
    private static EscapeLog Json() => EscapeLogParser.ReadPath(EscapeFixtures.Path("v1", "json"));

    [Fact]
    public void Reads_the_same_escapes_and_inlining_decisions_as_the_text_log()
    {
        var json = Json();
        var text = EscapeFixtures.Read("v1", "m2.txt");
        Assert.True(json.IsJsonLog);
        Assert.Equal(0, json.UnknownLineCount);

        // Text: 21 "escapes to heap" + 3 "moved to heap"; JSON reports all 24 as escapes.
        Assert.Equal(text.Findings.Count(f => EscapeKinds.IsHeapAllocation(f.Kind)), json.Findings.Count(f => f.Kind == EscapeKind.Escapes));
        Assert.Equal(text.Findings.Count(f => f.Kind == EscapeKind.CanInline), json.Findings.Count(f => f.Kind == EscapeKind.CanInline));
        var textSites = text.Findings.Where(f => EscapeKinds.IsHeapAllocation(f.Kind)).Select(f => (f.File, f.Line, f.Column)).Order().ToList();
        var jsonSites = json.Findings.Where(f => f.Kind == EscapeKind.Escapes).Select(f => (f.File, f.Line, f.Column)).Order().ToList();
        Assert.Equal(textSites, jsonSites);
    }

    [Fact]
    public void Makes_paths_relative_and_keeps_reason_chains_in_the_text_log_form()
    {
        var p = Json().Findings.Single(f => f.Kind == EscapeKind.Escapes && f.Name == "p" && f.Line == 21);
        Assert.Equal("patterns/patterns.go", p.File);
        Assert.Equal("escapedemo/patterns", p.Package);
        Assert.Equal(
            new[] { "flow: ~r0 = &p:", "from &p (address-of) at patterns/patterns.go:22:9", "from return &p (return) at patterns/patterns.go:22:2" },
            p.Reason.ToArray());
        var leak = Json().Findings.Single(f => f.Kind == EscapeKind.LeakingParamContent);
        Assert.Equal(("ps", 92, 20), (leak.Name, leak.Line, leak.Column));
        Assert.Contains(Json().Findings, f => f.Kind == EscapeKind.CannotInline && f.Detail == "function too complex: cost 141 exceeds budget 80" && f.Line == 55);
    }

    [Fact]
    public void Summary_of_a_json_log_says_what_it_lacks()
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, "escape", "summary", "escapedemo/v1/json");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("JSON log, 84 lines, 53 findings, 0 lines not understood", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("names no functions", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("/opt/", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_without_json_files_is_bad_input()
    {
        var directory = Directory.CreateTempSubdirectory("gomem-escape-json-").FullName;
        try
        {
            var e = Assert.Throws<BadInputException>(() => EscapeLogParser.ReadPath(directory));
            Assert.Contains("no *.json files", e.Message, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(directory, "a.json"), "{\"version\":0,\"package\":\"p\",\"file\":\"/src/a.go\"}\n{broken\n");
            e = Assert.Throws<BadInputException>(() => EscapeLogParser.ReadPath(directory));
            Assert.Contains("no escape-analysis or inlining diagnostics", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
