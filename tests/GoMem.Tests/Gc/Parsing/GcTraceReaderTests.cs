using GoMem.Gc.Model;
using GoMem.Gc.Parsing;
using GoMem.IO;

namespace GoMem.Tests.Gc.Parsing;

public class GcTraceReaderTests
{
    public static TheoryData<string> CapturedLogs() => [.. GcFixtures.CapturedLogs().Select(p => Path.GetRelativePath(GcFixtures.Dir, p))];

    [Theory]
    [MemberData(nameof(CapturedLogs))]
    public void Reads_every_cycle_the_runtime_counted(string name)
    {
        var trace = GcFixtures.Read(name);

        // The workload printed runtime.MemStats.NumGC at exit: every cycle line must have been read, none invented.
        Assert.Equal(GcFixtures.RuntimeNumGc(GcFixtures.Log(name)) + GcFixtures.CyclesAfterExit(GcFixtures.Log(name)), trace.CycleCount);
        Assert.Single(trace.Runs);
        Assert.Equal(0, trace.UnparsedCount);
        Assert.True(trace.Noise.OtherLines >= 2, "the workload's progress lines are counted as other output");
    }

    [Fact]
    public void Decodes_each_field_of_a_go119_forced_cycle()
    {
        var path = GcFixtures.Log("forced.log");
        var lines = File.ReadAllLines(path);
        var index = Array.FindIndex(lines, l => l.EndsWith(" (forced)", StringComparison.Ordinal));
        var cycle = GcFixtures.Read("forced.log").Runs[0].Cycles.Single(c => c.LineNumber == index + 1);

        // The same line read by a regular expression, independently of the parser's field-by-field reading.
        var m = System.Text.RegularExpressions.Regex.Match(lines[index], @"^gc (\d+) @([\d.]+)s (\d+)%: ([\d.]+)\+([\d.]+)\+([\d.]+) ms clock, ([\d.]+)\+([\d.]+)/([\d.]+)/([\d.]+)\+([\d.]+) ms cpu, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal, (\d+) MB stacks, (\d+) MB globals, (\d+) P \(forced\)$");
        Assert.True(m.Success, lines[index]);
        double D(int group) => double.Parse(m.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
        long Mib(int group) => long.Parse(m.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture) << 20;
        Assert.Equal((long)D(1), cycle.Number);
        Assert.Equal(D(2), cycle.StartSeconds);
        Assert.Equal((int)D(3), cycle.CpuPercentSinceStart);
        Assert.Equal((D(4), D(5), D(6)), (cycle.SweepTerminationMs, cycle.ConcurrentMarkMs, cycle.MarkTerminationMs));
        Assert.Equal((D(7), D(8), D(9), D(10), D(11)), (cycle.SweepTerminationCpuMs, cycle.AssistCpuMs, cycle.BackgroundCpuMs, cycle.IdleCpuMs, cycle.MarkTerminationCpuMs));
        Assert.Equal((Mib(12), Mib(13), Mib(14), (ulong)Mib(15)), (cycle.HeapStartBytes, cycle.HeapEndBytes, cycle.LiveBytes, cycle.GoalBytes));
        Assert.Equal((Mib(16), Mib(17)), (cycle.StacksBytes!.Value, cycle.GlobalsBytes!.Value));
        Assert.Equal((int)D(18), cycle.Procs);
        Assert.Equal(GcTrigger.Forced, cycle.Trigger);
        Assert.Equal(D(4) + D(6), cycle.PauseMs, 9);
    }

    [Fact]
    public void With_the_gc_off_every_forced_cycle_is_read_with_the_runtimes_infinite_goal()
    {
        // GOGC=off under Go 1.19: only runtime.GC() collects, and the goal printed is about 2^63 bytes (8796093022195 MB).
        var trace = GcFixtures.Read("gcoff.log");
        var cycles = trace.Runs.Single().Cycles;
        Assert.Equal(GcFixtures.RuntimeNumGc(GcFixtures.Log("gcoff.log")), cycles.Count);
        Assert.All(cycles, c => Assert.Equal(GcTrigger.Forced, c.Trigger));
        Assert.All(cycles, c => Assert.False(c.HasGoal));
        var printed = System.Text.RegularExpressions.Regex.Match(File.ReadAllLines(GcFixtures.Log("gcoff.log")).First(l => l.StartsWith("gc 1 ", StringComparison.Ordinal)), @", (\d+) MB goal,");
        Assert.Equal(ulong.Parse(printed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) << 20, cycles[0].GoalBytes);
    }

    [Theory]
    [InlineData("17592186044415", 18446744073708503040UL)] // Go 1.18 and earlier with GOGC=off: ^uint64(0) >> 20 (handcrafted line)
    [InlineData("8796093022207", 9223372036853727232UL)] // GOGC=off under Go 1.19: math.MaxInt64 >> 20
    public void Any_goal_the_runtime_can_print_is_read_exactly(string goalMb, ulong goalBytes)
    {
        var trace = GcFixtures.ReadText($"gc 7 @12.5s 0%: 0.01+1.2+0.01 ms clock, 0.02+0.1/0.5/1.0+0.02 ms cpu, 4->4->1 MB, {goalMb} MB goal, 0 MB stacks, 0 MB globals, 8 P (forced)\n");
        var cycle = trace.Runs.Single().Cycles.Single();
        Assert.Equal(goalBytes, cycle.GoalBytes);
        Assert.False(cycle.HasGoal);
    }

    [Fact]
    public void A_goal_beyond_what_the_runtime_can_print_is_an_unreadable_line()
    {
        var trace = GcFixtures.ReadText("gc 7 @12.5s 0%: 0.01+1.2+0.01 ms clock, 0.02+0.1/0.5/1.0+0.02 ms cpu, 4->4->1 MB, 17592186044416 MB goal, 8 P\n" +
            "gc 8 @13.5s 0%: 0.01+1.2+0.01 ms clock, 0.02+0.1/0.5/1.0+0.02 ms cpu, 4->4->1 MB, 4 MB goal, 8 P\n");
        Assert.Equal(1, trace.UnparsedCount);
        Assert.Equal("unreadable 'MB goal'", trace.UnparsedSamples[0].Problem);
        Assert.Equal(4UL << 20, Assert.Single(trace.Runs.Single().Cycles).GoalBytes);
    }

    [Fact]
    public void A_cycle_line_cut_by_application_output_is_joined_again()
    {
        // Captured as is: the workload printed its last progress line while the runtime was writing gc 24's line.
        var lines = File.ReadAllLines(GcFixtures.Log("gogc200.run3.log"));
        var cut = Array.FindIndex(lines, l => l.StartsWith("gc 24 ", StringComparison.Ordinal));
        Assert.EndsWith("gcworkload: 100% done", lines[cut], StringComparison.Ordinal);

        var trace = GcFixtures.Read("gogc200.run3.log");
        var cycle = trace.Runs[0].Cycles[^1];

        Assert.Equal(24, cycle.Number);
        Assert.Equal(cut + 1, cycle.LineNumber);
        Assert.Equal((0.37, 4.4, 3.0, 0.17), (cycle.AssistCpuMs, cycle.BackgroundCpuMs, cycle.IdleCpuMs, cycle.MarkTerminationCpuMs));
        Assert.Equal((261L << 20, 296L << 20, 84L << 20, 326UL << 20), (cycle.HeapStartBytes, cycle.HeapEndBytes, cycle.LiveBytes, cycle.GoalBytes));
        Assert.Equal(1, trace.Noise.RejoinedCycles);
        Assert.Equal(0, trace.UnparsedCount);
    }

    [Fact]
    public void Counts_the_scavenger_lines_apart_from_application_output()
    {
        var path = GcFixtures.Log("forced.log");
        var trace = GcFixtures.Read("forced.log");

        Assert.Equal(File.ReadLines(path).Count(l => l.StartsWith("scav ", StringComparison.Ordinal)), trace.Noise.ScavengerLines);
        Assert.Equal(File.ReadLines(path).Count(l => l.StartsWith("gcworkload:", StringComparison.Ordinal)), trace.Noise.OtherLines);
        Assert.Equal(File.ReadLines(path).Count(l => l.EndsWith(" (forced)", StringComparison.Ordinal)), trace.Runs[0].Cycles.Count(c => c.Trigger == GcTrigger.Forced));
    }

    [Fact]
    public void Reads_the_layout_before_go118_without_stacks_and_globals()
    {
        var trace = GcTraceReader.ReadFiles([Path.Combine(GcFixtures.Dir, "published", "go1.8-40P.log")]);
        var cycles = trace.Runs[0].Cycles;

        Assert.Equal(12, cycles.Count);
        Assert.All(cycles, c => Assert.Null(c.StacksBytes));
        Assert.All(cycles, c => Assert.Equal(40, c.Procs));
        Assert.Equal((3655L << 20, 3662L << 20, 3197L << 20, 3749UL << 20), (cycles[^1].HeapStartBytes, cycles[^1].HeapEndBytes, cycles[^1].LiveBytes, cycles[^1].GoalBytes));
        Assert.Equal((7.0, 1781.0, 344.0), (cycles[^1].AssistCpuMs, cycles[^1].BackgroundCpuMs, cycles[^1].IdleCpuMs));
    }

    [Fact]
    public void Reads_the_five_phase_layout_of_go15_and_go16()
    {
        var trace = GcTraceReader.ReadFiles([Path.Combine(GcFixtures.Dir, "published", "go1.6-five-phases.log")]);
        var first = trace.Runs[0].Cycles[0];

        // 4.8+5.2+0.54+0.35+0.60 ms clock, 19+5.2+0+4.5/0.006/7.2+2.4 ms cpu
        Assert.Equal((4.8, 5.2 + 0.54 + 0.35, 0.60), (first.SweepTerminationMs, first.ConcurrentMarkMs, first.MarkTerminationMs));
        Assert.Equal((19.0, 4.5, 5.2 + 0 + 0.006, 7.2, 2.4), (first.SweepTerminationCpuMs, first.AssistCpuMs, first.BackgroundCpuMs, first.IdleCpuMs, first.MarkTerminationCpuMs));
    }

    [Fact]
    public void Marks_the_cycle_after_a_GC_forced_line_as_periodic()
    {
        var trace = GcTraceReader.ReadFiles([Path.Combine(GcFixtures.Dir, "published", "go1.13-periodic.log")]);

        Assert.Equal(GcTrigger.Periodic, trace.Runs[0].Cycles[0].Trigger);
        Assert.Equal(1, trace.Noise.RuntimeLines);
    }

    [Fact]
    public void Reads_lines_behind_a_log_prefix_and_skips_fields_it_does_not_know()
    {
        var real = File.ReadLines(GcFixtures.Log("gogc100.run1.log")).First(l => l.StartsWith("gc 10 ", StringComparison.Ordinal));
        var text = "2026-11-23T04:57:00.123456789Z stderr F " + real + "\n" + real.Replace(" MB goal,", " MB goal, 3 MB newfield,", StringComparison.Ordinal).Replace("gc 10 ", "gc 11 ", StringComparison.Ordinal) + "\n";

        var trace = GcFixtures.ReadText(text);

        Assert.Equal(2, trace.CycleCount);
        Assert.Equal(trace.Runs[0].Cycles[0] with { Number = 11, LineNumber = 2 }, trace.Runs[0].Cycles[1]);
    }

    [Fact]
    public void Reports_a_cut_cycle_line_with_its_number_and_keeps_the_others()
    {
        var lines = File.ReadAllLines(GcFixtures.Log("gogc100.run1.log")).Where(l => l.StartsWith("gc ", StringComparison.Ordinal)).Take(5).ToArray();
        lines[2] = lines[2][..lines[2].IndexOf(" MB goal", StringComparison.Ordinal)] + "gcworkload: 10% done";

        var trace = GcFixtures.ReadText(string.Join('\n', lines));

        Assert.Equal(4, trace.CycleCount);
        var unparsed = Assert.Single(trace.UnparsedSamples);
        Assert.Equal(3, unparsed.LineNumber);
        Assert.Contains("MB goal", unparsed.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restart_starts_a_new_run()
    {
        var trace = GcFixtures.Read("gogc100.run1.log", "gogc100.run2.log");

        Assert.Equal(2, trace.Runs.Count);
        Assert.Equal(GcFixtures.RuntimeNumGc(GcFixtures.Log("gogc100.run2.log")), trace.Runs[1].Cycles.Count);
    }

    [Fact]
    public void A_log_without_any_cycle_is_bad_input_that_says_how_to_get_one()
    {
        var error = Assert.Throws<BadInputException>(() => GcFixtures.ReadText("hello\nworld\n"));

        Assert.Contains("GODEBUG=gctrace=1", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.log:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_of_only_unreadable_cycles_names_the_first_line()
    {
        var error = Assert.Throws<BadInputException>(() => GcFixtures.ReadText("app started\ngc 1 @0.1s 3%: garbage\n"));

        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public void Application_text_that_mentions_gc_is_not_a_cycle()
    {
        var trace = GcFixtures.ReadText("calling gc 2 times\nlogc 3 @1s\n" + File.ReadLines(GcFixtures.Log("gogc100.run1.log")).First(l => l.StartsWith("gc 1 ", StringComparison.Ordinal)));

        Assert.Equal(1, trace.CycleCount);
        Assert.Equal(0, trace.UnparsedCount);
        Assert.Equal(2, trace.Noise.OtherLines);
    }
}
