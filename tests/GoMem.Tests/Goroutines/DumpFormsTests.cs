using System.Text;
using GoMem.Goroutines;
using GoMem.IO;
using GoMem.Profiles;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Goroutines;

/// <summary>
/// Dumps in the forms other tools meet, captured from real Go 1.19 programs (examples/capture-series.sh forms): a dump
/// indented by a test framework, tracebackancestors sections, and ?debug=1 read in one pass as the profile parser reads it.
/// </summary>
public sealed class DumpFormsTests
{
    private static string Goroutines(string file) => Path.Combine(RepoPaths.TestData, "goroutines", file);

    [Fact]
    public void A_dump_indented_by_a_test_framework_reads_as_the_same_dump_unindented()
    {
        // go test -v output of a test that printed goroutinedump's ?debug=2 dump behind two spaces per line.
        var log = File.ReadAllText(Goroutines("indented.test.log"));
        var indented = GoroutineDumpReader.ReadFile(Goroutines("indented.test.log"));
        var plain = Parse(string.Join('\n', log.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l[2..])));

        Assert.Equal(log.Split('\n').Count(l => l.StartsWith("  goroutine ", StringComparison.Ordinal)), indented.Total);
        Assert.Equal(GoroutineDumpFormat.CrashLog, indented.Format);
        Assert.Equal(Describe(plain), Describe(indented));
        var report = GoroutineReport.Analyze(indented, new GoroutineReportOptions { Grouping = GoroutineGrouping.TopFunction });
        Assert.Equal(8, report.Groups.Single(g => g.Key.EndsWith(".parkOnChannel", StringComparison.Ordinal)).Count);
    }

    [Fact]
    public void An_indented_goroutine_ends_at_the_first_line_without_its_indentation()
    {
        var dump = Parse("\tgoroutine 7 [select]:\n\tmain.loop()\n\t\t/src/main.go:5 +0x1d\nmain.other()\n\t/src/main.go:9 +0x2\n\n    goroutine 8 [select]:\n    main.loop()\n    \t/src/main.go:5 +0x1d\n");
        Assert.Equal(2, dump.Total);
        var stack = Assert.Single(dump.Stacks);
        Assert.Equal([new GoroutineFrame("main.loop", "/src/main.go", 5)], stack.Frames);
        Assert.Equal(GoroutineDumpFormat.CrashLog, dump.Format);
    }

    [Fact]
    public void Ancestors_are_kept_apart_from_the_goroutines_own_stack_and_creator()
    {
        // goroutinerelay under GODEBUG=tracebackancestors=5: main starts a dispatcher, which starts 3 leads, which
        // start 4 workers each and return.
        var dump = GoroutineDumpReader.ReadFile(Goroutines("ancestors.debug2.txt"));
        var text = File.ReadAllLines(Goroutines("ancestors.debug2.txt"));
        Assert.Equal(text.Count(l => l.StartsWith("goroutine ", StringComparison.Ordinal)), dump.Total);

        var workers = Assert.Single(dump.Stacks, s => s.Frames[0].Function == "main.work");
        Assert.Equal(12, workers.Count);
        Assert.Equal([new GoroutineFrame("main.work", "gomem.example/examples/goroutinerelay/main.go", 36)], workers.Frames);
        Assert.Equal(new GoroutineFrame("main.lead", "gomem.example/examples/goroutinerelay/main.go", 43), workers.CreatedBy);

        var ancestry = Assert.Single(workers.Ancestries);
        Assert.Equal(12, ancestry.Count);
        Assert.Equal(["main.lead", "main.dispatch", "main.main"], ancestry.Ancestors.Select(a => Assert.Single(a.Frames).Function));
        Assert.Equal(["main.dispatch", "main.main", null], ancestry.Ancestors.Select(a => a.CreatedBy?.Function));

        // Each worker names its own lead first: three leads between them, then the one dispatcher, then main.
        var leads = text.Select((l, i) => (l, i)).Where(p => p.l.StartsWith("[originating", StringComparison.Ordinal) && text[p.i + 1].StartsWith("main.lead(", StringComparison.Ordinal))
            .Select(p => long.Parse(p.l["[originating from goroutine ".Length..^2], System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order();
        Assert.Equal(leads, ancestry.Ancestors[0].GoroutineIds);
        Assert.Equal(3, ancestry.Ancestors[0].GoroutineIds.Count);
        Assert.Equal([1L], ancestry.Ancestors[2].GoroutineIds);

        var dispatcher = Assert.Single(dump.Stacks, s => s.Frames[0].Function == "main.dispatch");
        Assert.Equal("main.main", dispatcher.CreatedBy!.Function);
        Assert.Equal("main.main", Assert.Single(Assert.Single(Assert.Single(dispatcher.Ancestries).Ancestors).Frames).Function);
    }

    [Fact]
    public void Goroutines_of_one_stack_with_different_ancestors_keep_each_line_of_descent()
    {
        var text = new StringBuilder();
        for (var g = 0; g < GoroutineStack.MaxAncestries + 3; g++)
        {
            text.Append($"goroutine {100 + g} [chan receive]:\nmain.work()\n\t/src/w.go:3 +0x1\ncreated by main.lead\n\t/src/w.go:9 +0x2\n");
            text.Append($"[originating from goroutine {50 + g}]:\nmain.lead(...)\n\t/src/w.go:{20 + g} +0x2\n\n");
        }

        var stack = Assert.Single(Parse(text.ToString()).Stacks);
        Assert.DoesNotContain(stack.Frames, f => f.Function == "main.lead");
        Assert.Equal(GoroutineStack.MaxAncestries, stack.Ancestries.Count);
        Assert.Equal(3, stack.UnlistedAncestries);
        Assert.All(stack.Ancestries, a => Assert.Equal(1, a.Count));
    }

    public static TheoryData<string> Debug1Dumps() =>
    [
        .. Directory.GetFiles(RepoPaths.TestData, "goroutine*.debug1.txt", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.TestData, "goroutines"), "*.debug1.txt"))
            .Select(p => Path.GetRelativePath(RepoPaths.TestData, p)).Distinct().Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(Debug1Dumps))]
    public void Debug1_read_in_one_pass_equals_the_profile_parsers_reading(string file)
    {
        var path = Path.Combine(RepoPaths.TestData, file);
        var streamed = GoroutineDumpReader.ReadFile(path);
        var viaProfile = GoroutineDumpReader.FromProfile(path, ProfileReader.ReadFile(path), GoroutineDumpFormat.Debug1);
        Assert.Equal(viaProfile.Total, streamed.Total);
        Assert.Equal(Describe(viaProfile), Describe(streamed));
    }

    [Fact]
    public void A_malformed_debug1_record_names_its_line()
    {
        var e = Assert.Throws<BadInputException>(() => Parse("goroutine profile: total 3\n1 @ 0x1 0x2\n#\t0x0\tmain.f+0x1\ta.go:3\n\n2 @ zz\n"));
        Assert.Equal(5, e.LineNumber);
        Assert.Contains("malformed count sample", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Debug1_counts_that_overflow_are_bad_input()
    {
        var e = Assert.Throws<BadInputException>(() => Parse("goroutine profile: total 3\n9223372036854775807 @ 0x1\n\n9 @ 0x2\n"));
        Assert.Contains("add up past 2^63", e.Message, StringComparison.Ordinal);
        Assert.Equal(4, e.LineNumber);
    }

    private static GoroutineDump Parse(string text) => GoroutineDumpReader.ReadBytes("dump.txt", Encoding.UTF8.GetBytes(text));

    private static string[] Describe(GoroutineDump dump) =>
        [.. dump.Stacks.Select(s => $"{s.Count} [{string.Join(", ", s.States)}] {{{s.Labels}}} {string.Join(" | ", s.Frames)} <- {s.CreatedBy}")];
}
