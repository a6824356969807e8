using GoMem.Output.Profiles;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;
using ValueType = GoMem.Profiles.ValueType;

namespace GoMem.Tests.Profiles.Analysis;

/// <summary>How traces merge samples (as pprof does on load) and group their labels.</summary>
public class TracesReportTests
{
    private static readonly Label Worker = new("worker", "a", 0, null);
    private static readonly Label Phase = new("phase", "load", 0, null);
    private static readonly Label Bytes = new("bytes", null, 2048, "bytes");

    [Fact]
    public void Samples_with_one_stack_and_the_same_labels_in_any_order_merge_in_the_first_ones_place()
    {
        var profile = Build(
            (5, [0, 1], [Worker, Phase, Bytes]),
            (7, [1, 0], [Worker]),
            (11, [0, 1], [Bytes, Phase, Worker]));

        var traces = TracesReport.Analyze(profile, new ReportOptions()).Traces;

        Assert.Equal([16L, 7L], traces.Select(t => t.Value));
        Assert.Equal(["worker", "phase", "bytes"], traces[0].Labels.Select(l => l.Key));
        Assert.Equal(["2kB"], TracesTextRenderer.LabelValues(traces[0].Labels[2]));
    }

    [Fact]
    public void Different_labels_on_one_stack_do_not_merge()
    {
        var profile = Build(
            (5, [0, 1], [Worker]),
            (7, [0, 1], [Worker with { Text = "b" }]),
            (11, [0, 1], [Worker, Worker]));

        var traces = TracesReport.Analyze(profile, new ReportOptions()).Traces;

        Assert.Equal([5L, 7L, 11L], traces.Select(t => t.Value));
    }

    [Fact]
    public void A_key_given_twice_is_one_label_with_both_values()
    {
        var profile = Build((5, [0, 1], [Worker, Phase, Worker with { Text = "b" }]));

        var labels = TracesReport.Analyze(profile, new ReportOptions()).Traces[0].Labels;

        Assert.Equal(["worker", "phase"], labels.Select(l => l.Key));
        Assert.Equal(["a", "b"], labels[0].Texts);
    }

    private static Profile Build(params (long Value, int[] Stack, Label[] Labels)[] samples)
    {
        var builder = new ProfileBuilder();
        builder.AddSampleType(new ValueType("inuse_space", "bytes"));
        builder.AddMapping(new Mapping(1, 0x400000, 0x800000, 0, "app", "", true, true, true, true));
        for (var i = 0; i < 2; i++)
        {
            var function = builder.AddFunction(new Function((ulong)i + 1, $"main.f{i}", $"main.f{i}", "/src/main.go", 1));
            builder.AddLocation(new Location((ulong)i + 1, 0, 0x401000 + ((ulong)i * 16), [new Line(function, 10 + i, 0)], false));
        }

        foreach (var (value, stack, labels) in samples)
        {
            builder.AddSample([value], stack, labels);
        }

        return builder.Build();
    }
}
