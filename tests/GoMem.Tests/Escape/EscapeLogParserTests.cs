using GoMem.Escape;
using GoMem.IO;

namespace GoMem.Tests.Escape;

/// <summary>
/// The parser on real -m and -m -m output of Go 1.19 (expected counts are `grep -c` of the same fixture lines,
/// e.g. `grep -c 'escapes to heap$' testdata/escape/v1/m2.txt` = 21) and on hand-made edge cases.
/// </summary>
public sealed class EscapeLogParserTests
{
    private static int Count(EscapeLog log, EscapeKind kind) => log.Findings.Count(f => f.Kind == kind);

    [Fact]
    public void Reads_every_line_of_real_m_m_output()
    {
        var log = EscapeFixtures.Read("v1", "m2.txt");
        Assert.Equal(0, log.UnknownLineCount);
        Assert.Equal(2, log.DetailLevel);
        Assert.Equal(new[] { "escapedemo/patterns", "escapedemo" }, log.Packages.ToArray());
        Assert.Equal(21, Count(log, EscapeKind.Escapes));
        Assert.Equal(3, Count(log, EscapeKind.MovedToHeap));
        Assert.Equal(16, Count(log, EscapeKind.DoesNotEscape));
        Assert.Equal(31, Count(log, EscapeKind.InliningCall));
        Assert.Equal(1, Count(log, EscapeKind.LeakingParam));
        Assert.Equal(1, Count(log, EscapeKind.LeakingParamContent));
        Assert.Equal(1, Count(log, EscapeKind.LeakingParamToResult));
        Assert.Equal(1, Count(log, EscapeKind.Devirtualizing));
        Assert.Equal(9, Count(log, EscapeKind.CannotInline));
        Assert.Equal(17, Count(log, EscapeKind.CanInline));
    }

    [Fact]
    public void Reads_every_line_of_real_m_output_without_function_names()
    {
        var log = EscapeFixtures.Read("v1", "m1.txt");
        Assert.Equal(0, log.UnknownLineCount);
        Assert.Equal(1, log.DetailLevel);
        Assert.Equal(17, Count(log, EscapeKind.CanInline));
        Assert.Equal(0, Count(log, EscapeKind.CannotInline));
        Assert.All(log.Findings.Where(f => f.Kind == EscapeKind.Escapes), f => Assert.Equal("", f.Function));
        Assert.All(log.Findings, f => Assert.True(f.Reason.IsDefaultOrEmpty));
    }

    [Fact]
    public void Keeps_each_verdict_with_its_own_reason_chain()
    {
        var log = EscapeFixtures.Read("v1", "m2.txt");
        var p = log.Findings.Single(f => f.Kind == EscapeKind.MovedToHeap && f.Name == "p" && f.File == "patterns/patterns.go");
        Assert.Equal((21, 2), (p.Line, p.Column));
        Assert.Equal(
            new[] { "flow: ~r0 = &p:", "from &p (address-of) at patterns/patterns.go:22:9", "from return &p (return) at patterns/patterns.go:22:2" },
            p.Reason.ToArray());

        // Two explanations at the same position (50:32) are told apart by their subject.
        var x = log.Findings.Single(f => f.Name == "any(patterns.p.X)");
        var y = log.Findings.Single(f => f.Name == "any(patterns.p.Y)");
        Assert.Contains("from any(patterns.p.X) (spill) at ./main.go:50:32", x.Reason);
        Assert.Contains("from any(patterns.p.Y) (spill) at ./main.go:50:32", y.Reason);

        var leak = log.Findings.Single(f => f.Kind == EscapeKind.LeakingParam);
        Assert.Equal(new[] { "flow: {heap} = p:", "from append(registry, p) (call parameter) at patterns/patterns.go:83:19" }, leak.Reason.ToArray());
        var toResult = log.Findings.Single(f => f.Kind == EscapeKind.LeakingParamToResult);
        Assert.Equal(("p", "~r0 level=0"), (toResult.Name, toResult.Detail));
        Assert.Equal(new[] { "flow: ~r0 = p:", "from return p (return) at patterns/patterns.go:88:2" }, toResult.Reason.ToArray());
    }

    [Fact]
    public void Names_the_enclosing_function_from_the_inlining_decisions()
    {
        var log = EscapeFixtures.Read("v1", "m2.txt");
        Assert.Equal("Counter", log.Findings.Single(f => f.Kind == EscapeKind.MovedToHeap && f.Name == "count").Function);
        Assert.Equal("Counter", log.Findings.Single(f => f.Kind == EscapeKind.Escapes && f.Name == "func literal" && f.Line == 43).Function);
        Assert.Equal("Classify", log.Findings.Single(f => f.Name.StartsWith("\"query ", StringComparison.Ordinal) && f.Kind == EscapeKind.Escapes).Function);
        Assert.Equal("work", log.Findings.Single(f => f.Name == "patterns.p" && f.Kind == EscapeKind.MovedToHeap).Function);
        // Code after a closure belongs to the enclosing function, not to Guarded.func1.
        Assert.Equal("Guarded", log.Findings.Single(f => f.Kind == EscapeKind.DoesNotEscape && f.Name == "f").Function);
    }

    [Fact]
    public void Parses_inlining_costs_reasons_and_devirtualization()
    {
        var log = EscapeFixtures.Read("v1", "m2.txt");
        var newPoint = log.Findings.Single(f => f.Kind == EscapeKind.CanInline && f.Name == "NewPoint");
        Assert.Equal(12, newPoint.Cost);
        Assert.Equal(("patterns/patterns.go", 20, 6), (newPoint.File, newPoint.Line, newPoint.Column));
        Assert.Equal("recursive", log.Findings.Single(f => f.Kind == EscapeKind.CannotInline && f.Name == "Fib").Detail);
        Assert.Equal("marked go:noinline", log.Findings.Single(f => f.Kind == EscapeKind.CannotInline && f.Name == "Pinned").Detail);
        Assert.Equal("unhandled op DEFER", log.Findings.Single(f => f.Kind == EscapeKind.CannotInline && f.Name == "Guarded").Detail);
        Assert.Equal("call to recover", log.Findings.Single(f => f.Kind == EscapeKind.CannotInline && f.Name == "Guarded.func1").Detail);
        var devirtualized = log.Findings.Single(f => f.Kind == EscapeKind.Devirtualizing);
        Assert.Equal(("sh.Area", "Square"), (devirtualized.Name, devirtualized.Detail));
        var autogenerated = log.Findings.Single(f => f.File == "<autogenerated>");
        Assert.Equal((1, 0, EscapeKind.InliningCall), (autogenerated.Line, autogenerated.Column, autogenerated.Kind));
    }

    [Fact]
    public void Counts_and_samples_unknown_lines_without_failing()
    {
        var log = EscapeFixtures.ParseText("# demo\ngo: downloading nothing\nmain.go:3:6: can inline f\nmain.go:4:2: something new from a future Go\n\nmain.go:5:2: moved to heap: x\n");
        Assert.Equal(2, log.UnknownLineCount);
        Assert.Equal(new[] { 2L, 4L }, log.UnknownSamples.Select(u => u.LineNumber).ToArray());
        Assert.Equal(2, log.Findings.Length);
        Assert.Equal(6, log.LineCount);
    }

    [Fact]
    public void Splits_positions_with_colons_in_messages_and_file_names()
    {
        var log = EscapeFixtures.ParseText("C:/src/a.go:10:2: moved to heap: v\nweird:name.go:7: inlining call to pkg.F\n");
        Assert.Equal(("C:/src/a.go", 10, 2, "v"), (log.Findings[0].File, log.Findings[0].Line, log.Findings[0].Column, log.Findings[0].Name));
        Assert.Equal(("weird:name.go", 7, 0), (log.Findings[1].File, log.Findings[1].Line, log.Findings[1].Column));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("hello\nworld\n", "no escape-analysis or inlining diagnostics in 2 lines")]
    [InlineData("\u0000\u0001\u0002binary", "no escape-analysis")]
    public void Rejects_input_with_nothing_to_parse(string text, string problem)
    {
        var e = Assert.Throws<BadInputException>(() => EscapeFixtures.ParseText(text));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_line_longer_than_the_cap()
    {
        var text = "a.go:1:1: moved to heap: " + new string('x', GoMem.Escape.Parsing.EscapeLogParser.MaxLineBytes + 10);
        var e = Assert.Throws<BadInputException>(() => EscapeFixtures.ParseText(text));
        Assert.Contains("longer than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounds_reason_chains_of_hostile_length()
    {
        var lines = new System.Text.StringBuilder("a.go:1:1: x escapes to heap:\n");
        for (var i = 0; i < 5000; i++)
        {
            lines.Append("a.go:1:1:   flow: {heap} = x:\n");
        }

        lines.Append("a.go:1:1: x escapes to heap\n");
        var finding = Assert.Single(EscapeFixtures.ParseText(lines.ToString()).Findings);
        Assert.Equal(512, finding.Reason.Length);
    }
}
