using GoMem.Output.Profiles;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;
using GoMem.Tests.TestSupport;
using ValueType = GoMem.Profiles.ValueType;

namespace GoMem.Tests.Profiles.Conformance;

// pprof's report goldens (github.com/google/pprof internal/driver/testdata/pprof.*, Apache-2.0, copied into
// ../shared/conformance; README section 2.2), run on the rebuilt fixtures of PprofDriverFixtures with the harness
// settings -nodecount=20 -nodefraction=0.05 -unit=minimum -compact_labels.
//
// Checked here (19): every -text, -traces and -topproto golden:
//   pprof.cpu.flat.functions.text, pprof.cpu.flat.functions.noinlines.text,
//   pprof.cpu.flat.filefunctions.noinlines.text, pprof.cpu.flat.addresses.noinlines.text,
//   pprof.unknown.flat.functions.call_tree.text, pprof.heap_alloc.flat.alloc_objects.text,
//   pprof.heap.flat.files.text, pprof.heap.flat.files.text.focus (see below), pprof.heap.flat.inuse_objects.text,
//   pprof.heap.flat.inuse_objects.text.all_frames, pprof.cpu.cum.lines.text.hide, pprof.cpu.cum.lines.text.show,
//   pprof.cpu.cum.lines.text.focus.hide, pprof.cpu.cum.lines.topproto.hide, pprof.cpu.lines.topproto,
//   pprof.long_name_funcs.text, pprof.cpu.traces, pprof.cpu.addresses.traces, pprof.heap_tags.traces.
//
// pprof.heap.flat.files.text.focus also has -taghide=[X3]00. A tag filter of the "hide/show" kind only removes
// labels from samples, which a text report never prints, so the golden reduces to -focus plus one more legend
// line; the test appends that line ("taghide=..." comes last in pprof's legend order).
//
// Skipped, with the reason:
// | golden                                              | reason                                                  |
// | --------------------------------------------------- | ------------------------------------------------------- |
// | pprof.cpusmall.flat.addresses.tree                  | -tree (call-graph text) report: not implemented          |
// | pprof.heap.cum.lines.tree.focus                     | -tree report: not implemented                            |
// | pprof.heap.cum.relative_percentages.tree.focus      | -tree report and -relative_percentages: not implemented  |
// | pprof.cpu.cum.lines.tree.show_from                  | -tree report: not implemented                            |
// | pprof.cpu.callgrind                                 | -callgrind output: not implemented                       |
// | pprof.cpu.call_tree.callgrind                       | -callgrind output: not implemented                       |
// | pprof.heap.callgrind                                | -callgrind output: not implemented                       |
// | pprof.cpu.flat.functions.dot                        | -dot output: not implemented                             |
// | pprof.cpu.flat.functions.call_tree.dot              | -dot output: not implemented                             |
// | pprof.heap.flat.lines.dot.focus                     | -dot output: not implemented                             |
// | pprof.heap_sizetags.dot                             | -dot output (tag pseudo-nodes): not implemented          |
// | pprof.contention.flat.addresses.dot.focus.ignore    | -dot output: not implemented                             |
// | pprof.contention.cum.files.dot                      | -dot output: not implemented                             |
// | pprof.heap_alloc.flat.alloc_space.dot.focus         | -dot output: not implemented                             |
// | pprof.heap_alloc.flat.alloc_space.dot               | -dot output and -tagshow: not implemented                |
// | pprof.heap_alloc.flat.alloc_space.dot.hide          | -dot output: not implemented                             |
// | pprof.heap.flat.inuse_space.dot.focus               | -dot output and numeric -tagfocus: not implemented       |
// | pprof.heap.flat.inuse_space.dot.focus.ignore        | -dot output, -tagfocus/-tagignore: not implemented       |
// | pprof.long_name_funcs.dot                           | -dot output: not implemented                             |
// | pprof.cpu.comments                                  | -comments / -add_comment output: not implemented         |
// | pprof.heap.comments                                 | -comments output: not implemented                        |
// | pprof.cpu.tags                                      | -tags report: not implemented                            |
// | pprof.cpu.tags.focus.ignore                         | -tags report, -tagfocus/-tagignore: not implemented      |
// | pprof.heap.tags                                     | -tags report: not implemented                            |
// | pprof.heap.tags.unit                                | -tags report: not implemented                            |
// | pprof.heap_request.tags.focus                       | -tags report and numeric -tagfocus: not implemented      |
// | pprof.heap_request.relative_percentages.tags.focus  | -tags report, -tagfocus, -relative_percentages           |
// | pprof.cpu.flat.addresses.disasm                     | -disasm needs pprof's mock object tool (fake assembly)   |
// | pprof.cpu.flat.addresses.weblist                    | -weblist needs the mock object tool and HTML templates   |
// | pprof.cpu.peek                                      | -peek report: not implemented                            |
// | pprof.heap.flat.files.seconds.text                  | orphan: no upstream test case produces it (README 2.2)   |
public sealed class PprofDriverGoldenTests
{
    /// <summary>The settings of pprof's test harness (baseFlags): nodecount 20, nodefraction 0.05, unit minimum.</summary>
    private static readonly ReportOptions Harness = new() { NodeCount = 20, NodeFraction = 0.05, Unit = "minimum" };

    private enum Kind
    {
        Text,
        Traces,
        TopProto,
    }

    private sealed record Case(string Source, Kind Kind, ReportOptions Options, string? TagFilterLegend = null);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["pprof.cpu.flat.functions.text"] = new("cpu", Kind.Text, Harness with { Granularity = Granularity.Functions }),
        ["pprof.cpu.flat.functions.noinlines.text"] = new("cpu", Kind.Text, Harness with { Granularity = Granularity.Functions, NoInlines = true }),
        ["pprof.cpu.flat.filefunctions.noinlines.text"] = new("cpu", Kind.Text, Harness with { Granularity = Granularity.FileFunctions, NoInlines = true }),
        ["pprof.cpu.flat.addresses.noinlines.text"] = new("cpu", Kind.Text, Harness with { Granularity = Granularity.Addresses, NoInlines = true }),
        ["pprof.unknown.flat.functions.call_tree.text"] = new("unknown", Kind.Text, Harness with { Granularity = Granularity.Functions, NodeCount = 5 }),
        ["pprof.heap_alloc.flat.alloc_objects.text"] = new("heap_alloc", Kind.Text, Harness with { SampleIndex = "alloc_objects" }),
        ["pprof.heap.flat.files.text"] = new("heap", Kind.Text, Harness with { Granularity = Granularity.Files }),
        ["pprof.heap.flat.files.text.focus"] = new("heap", Kind.Text, Harness with { Granularity = Granularity.Files, Focus = "[12]00" }, "taghide=[X3]00"),
        ["pprof.heap.flat.inuse_objects.text"] = new("heap", Kind.Text, Harness with { SampleIndex = "inuse_objects" }),
        ["pprof.heap.flat.inuse_objects.text.all_frames"] = new("heap", Kind.Text, Harness with { SampleIndex = "inuse_objects", AllFrames = true }),
        ["pprof.cpu.cum.lines.text.hide"] = new("cpu", Kind.Text, Harness with { Granularity = Granularity.Lines, CumulativeSort = true, Hide = "line[X3]0" }),
        ["pprof.cpu.cum.lines.text.show"] = new("cpu", Kind.Text, Harness with { Granularity = Granularity.Lines, CumulativeSort = true, Show = "[12]00" }),
        ["pprof.cpu.cum.lines.text.focus.hide"] = new("cpu", Kind.Text, Harness with { Granularity = Granularity.Lines, CumulativeSort = true, Hide = "line[X3]0", Focus = "[12]00" }),
        ["pprof.cpu.cum.lines.topproto.hide"] = new("cpu", Kind.TopProto, Harness with { Granularity = Granularity.Lines, CumulativeSort = true, Hide = "mangled[X3]0" }),
        ["pprof.cpu.lines.topproto"] = new("cpu", Kind.TopProto, Harness with { Granularity = Granularity.Lines }),
        ["pprof.long_name_funcs.text"] = new("long_name_funcs", Kind.Text, Harness),
        ["pprof.cpu.traces"] = new("cpu", Kind.Traces, Harness),
        ["pprof.cpu.addresses.traces"] = new("cpu", Kind.Traces, Harness with { Granularity = Granularity.Addresses }),
        ["pprof.heap_tags.traces"] = new("heap_tags", Kind.Traces, Harness),
    };

    public static TheoryData<string> Goldens() => [.. Cases.Keys.Order(StringComparer.Ordinal)];

    [ConformanceTheory]
    [MemberData(nameof(Goldens))]
    public void Report_matches_pprof_golden(string golden)
    {
        var expected = ReadGolden(golden);
        var c = Cases[golden];
        var actual = c.Kind switch
        {
            Kind.Text => RenderText(PprofDriverFixtures.Source(c.Source), c.Options, c.TagFilterLegend),
            Kind.Traces => RenderTraces(PprofDriverFixtures.Source(c.Source), c.Options),

            // The first pass runs before the demangler.
            _ => RenderText(TopProto(PprofDriverFixtures.Source(c.Source, demangled: false)), c.Options, null),
        };

        Assert.Equal(expected, actual);
    }

    [ConformanceFact]
    public void Every_text_or_traces_golden_of_the_corpus_is_checked_or_listed_as_skipped()
    {
        var directory = DriverTestData();
        var reportGoldens = Directory.GetFiles(directory, "pprof.*")
            .Select(Path.GetFileName)
            .Where(n => n!.EndsWith(".text", StringComparison.Ordinal) || n.Contains(".text.", StringComparison.Ordinal) || n.EndsWith(".traces", StringComparison.Ordinal) || n.Contains(".topproto", StringComparison.Ordinal))
            .ToList();
        var orphan = "pprof.heap.flat.files.seconds.text";
        Assert.All(reportGoldens, n => Assert.True(Cases.ContainsKey(n!) || n == orphan, n + " is neither checked nor listed as skipped"));
    }

    private static string RenderText(Profile profile, ReportOptions options, string? tagFilterLegend)
    {
        var report = TopReport.Analyze(profile, options);
        if (tagFilterLegend is not null)
        {
            report = report with { ActiveFilters = [.. report.ActiveFilters, tagFilterLegend] };
        }

        var writer = new StringWriter { NewLine = "\n" };
        TopTextRenderer.Write(writer, report, TimeZoneInfo.Utc, compactLabels: true);
        return writer.ToString();
    }

    private static string RenderTraces(Profile profile, ReportOptions options)
    {
        var writer = new StringWriter { NewLine = "\n" };

        // pprof prints the profile labels above traces even with -compact_labels.
        TracesTextRenderer.Write(writer, TracesReport.Analyze(profile, options), TimeZoneInfo.Utc);
        return writer.ToString();
    }

    /// <summary>
    /// The first pass of pprof's topproto cases: -topproto -addresses with the harness settings (no other test
    /// flag) turns the trimmed top nodes into a profile with one single-frame sample per node, values [cum, flat]
    /// converted to the report's output unit and truncated to integers, functions named by the node (no system
    /// name, so the second pass's demangler leaves "mangled1000" alone).
    /// </summary>
    private static Profile TopProto(Profile profile)
    {
        var options = Harness with { Granularity = Granularity.Addresses };
        var report = TopReport.Analyze(profile, options);
        var input = ReportInput.Create(profile, options);
        var table = NodeTable.Build(input.Views, options);
        var keys = new Dictionary<string, NodeKey>();
        for (var n = 0; n < table.Count; n++)
        {
            keys.TryAdd(table.Key(n).PrintableName(), table.Key(n));
        }

        var unit = report.OutputUnit;
        var b = new ProfileBuilder
        {
            Header = new ProfileHeader
            {
                TimeNanos = profile.Header.TimeNanos,
                DurationNanos = profile.Header.DurationNanos,
                PeriodType = profile.Header.PeriodType,
                Period = profile.Header.Period,
            },
        };
        b.AddSampleType(new ValueType("cum", unit));
        b.AddSampleType(new ValueType("flat", unit));
        var functions = new Dictionary<(string, string, long), int>();
        var sampleUnit = input.SampleType.Unit;
        foreach (var row in report.Rows)
        {
            var key = keys[row.Name];
            if (!functions.TryGetValue((key.Name, key.File, key.StartLine), out var f))
            {
                f = b.AddFunction(new Function((ulong)b.FunctionCount + 1, key.Name, "", key.File, key.StartLine));
                functions[(key.Name, key.File, key.StartLine)] = f;
            }

            var location = b.AddLocation(new Location((ulong)b.LocationCount + 1, -1, key.Address, [new Line(f, key.LineNumber, 0)], false));
            var cum = (long)SampleUnits.Scale(row.Cum, sampleUnit, unit).Value;
            var flat = (long)SampleUnits.Scale(row.Flat, sampleUnit, unit).Value;
            b.AddSample([cum, flat], [location]);
        }

        return b.Build();
    }

    private static string DriverTestData()
    {
        var directory = Path.Combine(RepoPaths.Conformance, "pprof", "internal", "driver", "testdata");
        Assert.True(Directory.Exists(directory), $"the pprof conformance corpus is missing: {directory} does not exist (expected ../shared/conformance beside the checkout)");
        return directory;
    }

    private static string ReadGolden(string name)
    {
        var path = Path.Combine(DriverTestData(), name);
        Assert.True(File.Exists(path), $"golden file {path} is missing from the conformance corpus");
        return File.ReadAllText(path);
    }
}
