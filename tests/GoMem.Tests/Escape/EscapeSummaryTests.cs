using GoMem.Escape.Analysis;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Escape;

/// <summary>The summary's ordering and explanations on the real v1 log, and its golden outputs.</summary>
public sealed class EscapeSummaryTests
{
    private static EscapeSummary Summary() => EscapeSummaryAnalysis.Analyze(EscapeFixtures.Read("v1", "m2.txt"));

    private static ExplainedFinding Finding(string function, string name) =>
        Summary().Packages.SelectMany(p => p.Files).SelectMany(f => f.Functions).Where(f => f.Function == function).SelectMany(f => f.Findings).Single(e => e.Finding.Name == name);

    [Theory]
    [InlineData("NewPoint", "p", EscapeCause.ReturnedPointer)]
    [InlineData("FirstPrimes", "[]int{...}", EscapeCause.ReturnedSlice)]
    [InlineData("Counter", "count", EscapeCause.CapturedByClosure)]
    [InlineData("Counter", "func literal", EscapeCause.ReturnedClosure)]
    [InlineData("Describe", "p.X", EscapeCause.PassedToFmt)]
    [InlineData("Inspect", "p", EscapeCause.PassedToReflect)]
    [InlineData("Checksum", "new([262144]byte)", EscapeCause.TooLargeForStack)]
    [InlineData("Squares", "make([]int, n)", EscapeCause.NonConstantSize)]
    [InlineData("Box", "n", EscapeCause.StoredInGlobal)]
    [InlineData("Register", "p", EscapeCause.LeaksToHeap)]
    [InlineData("Identity", "p", EscapeCause.LeaksToResult)]
    public void Explains_each_example_pattern_by_its_cause(string function, string name, EscapeCause cause)
    {
        Assert.Equal(cause, Finding(function, name).Cause);
    }

    [Fact]
    public void Says_when_a_value_is_boxed_into_an_interface_before_it_is_stored()
    {
        Assert.Contains("converted to an interface and stored in a global", Finding("Box", "n").Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("interface", Finding("Register", "p").Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Orders_packages_and_functions_worst_first()
    {
        var summary = Summary();
        Assert.Equal(["escapedemo/patterns", "escapedemo"], summary.Packages.Select(p => p.Package));
        var functions = summary.Packages[0].Files[0].Functions;
        Assert.Equal("Classify", functions[0].Function);
        Assert.Equal(5, functions[0].HeapAllocations);
        Assert.Equal("function too complex: cost 449 exceeds budget 80", functions[0].CannotInlineReason);
        var heap = functions.Select(f => f.HeapAllocations).ToList();
        Assert.Equal(heap.OrderByDescending(h => h), heap);
        Assert.Equal(15, summary.Packages[0].HeapAllocations);
    }

    [Theory]
    [InlineData("summary.v1.m2.txt", "escapedemo/v1/m2.txt")]
    [InlineData("summary.v1.m2.json", "escapedemo/v1/m2.txt", "--format", "json")]
    [InlineData("summary.v1.m1.txt", "escapedemo/v1/m1.txt")]
    public void Output_matches_golden(string golden, string log, params string[] options)
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, ["escape", "summary", log, .. options]);
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("escape", golden), result.Stdout);
    }

    [Fact]
    public void Json_and_text_show_the_same_counts()
    {
        var text = GoMemCli.RunIn(RepoPaths.TestData, "escape", "summary", "escapedemo/v1/m2.txt").Stdout;
        using var json = System.Text.Json.JsonDocument.Parse(GoMemCli.RunIn(RepoPaths.TestData, "escape", "summary", "escapedemo/v1/m2.txt", "--format", "json").Stdout);
        var totals = json.RootElement.GetProperty("totals");
        Assert.Contains($"Heap: {totals.GetProperty("movedToHeap").GetInt32()} moved to heap, {totals.GetProperty("escapes").GetInt32()} escape to heap", text, StringComparison.Ordinal);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(totals.GetProperty("findings").GetInt32(), findings.Count);
        Assert.All(findings, f => Assert.True(f.TryGetProperty("reason", out _) && f.TryGetProperty("kind", out _) && f.TryGetProperty("column", out _)));
    }

    [Fact]
    public void Bad_input_is_one_line_and_exit_3()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a compiler log\n");
            var result = GoMemCli.Run("escape", "summary", file);
            Assert.Equal(3, result.ExitCode);
            Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
            Assert.Contains(":1: no escape-analysis or inlining diagnostics", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
