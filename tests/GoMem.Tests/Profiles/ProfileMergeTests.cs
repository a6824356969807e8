using GoMem.IO;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Profiles;

/// <summary>The mean of several profiles (a time range of the dashboard's diff), on real captures of a leaking service.</summary>
public sealed class ProfileMergeTests
{
    private static Profile Heap(int k) => ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", $"heap.{k}.pb.gz"));

    [Fact]
    public void The_mean_of_one_profile_is_that_profile()
    {
        var heap = Heap(1);

        Assert.Same(heap, ProfileMerge.Mean([heap]));
    }

    [Fact]
    public void The_mean_of_copies_of_a_profile_reports_what_the_profile_reports()
    {
        var heap = Heap(2);
        var mean = ProfileMerge.Mean([heap, Heap(2), Heap(2)]);

        foreach (var type in new[] { "inuse_space", "alloc_objects" })
        {
            var options = new ReportOptions { SampleIndex = type };
            Assert.Equal(TopReport.Analyze(heap, options).Rows, TopReport.Analyze(mean, options).Rows);
            Assert.Equal(heap.AbsoluteTotal(heap.ResolveSampleIndex(type)), mean.AbsoluteTotal(mean.ResolveSampleIndex(type)));
        }

        Assert.True(mean.SampleCount <= heap.SampleCount, "equal stacks and labels merge into one sample");
    }

    [Fact]
    public void The_mean_of_two_profiles_holds_half_of_each_function_in_both()
    {
        Profile first = Heap(1), second = Heap(2);
        var mean = ProfileMerge.Mean([first, second]);
        var options = new ReportOptions { NodeFraction = 0 };
        var rows = TopReport.Analyze(mean, options).Rows.ToDictionary(r => r.Name);
        var one = TopReport.Analyze(first, options).Rows.ToDictionary(r => r.Name);
        var two = TopReport.Analyze(second, options).Rows.ToDictionary(r => r.Name);

        foreach (var name in new[] { "main.recordSession", "main.work" })
        {
            var expected = (one.GetValueOrDefault(name)?.Cum ?? 0) + (two.GetValueOrDefault(name)?.Cum ?? 0);
            Assert.InRange(rows[name].Cum * 2, expected - mean.SampleCount, expected + mean.SampleCount);
        }

        Assert.Equal(second.Header, mean.Header);
        Assert.Equal(first.SampleTypes, mean.SampleTypes);
    }

    [Fact]
    public void Profiles_of_other_sample_types_are_refused_by_name()
    {
        var goroutine = ProfileReader.ReadFile(RepoPaths.Scenario("goroutineleak", "goroutine.1.pb.gz"));

        var e = Assert.Throws<BadInputException>(() => ProfileMerge.Mean([Heap(1), goroutine]));

        Assert.Contains("differ from the other profiles'", e.Message, StringComparison.Ordinal);
    }
}
