using GoMem.Gc.Analysis;

namespace GoMem.Tests.Gc.Analysis;

public class GcSettingsInferenceTests
{
    [Theory]
    [InlineData("gogc50", 50)]
    [InlineData("gogc100", 100)]
    [InlineData("gogc200", 200)]
    [InlineData("gogc400", 400)]
    public void Reads_the_GOGC_a_run_used_back_from_its_goals(string setting, double gogc)
    {
        for (var run = 1; run <= 3; run++)
        {
            var inferred = GcSettingsInference.Infer(GcFixtures.Read($"{setting}.run{run}.log").Runs);

            Assert.NotNull(inferred.Gogc);
            Assert.InRange(inferred.Gogc!.Value, gogc * 0.97, gogc * 1.03);
            Assert.Equal(0, inferred.LimitBoundCycles);
        }
    }

    [Fact]
    public void Sees_a_binding_memory_limit_under_GOGC_100()
    {
        for (var run = 1; run <= 3; run++)
        {
            var trace = GcFixtures.Read($"gogc100-limit150.run{run}.log");
            var inferred = GcSettingsInference.Infer(trace.Runs);

            Assert.InRange(inferred.Gogc!.Value, 97, 103);

            // GOMEMLIMIT=150MiB: the heap goal sits under it, less the runtime's non-heap memory.
            Assert.True(inferred.LimitBoundCycles >= trace.CycleCount / 2, $"run {run}: {inferred.LimitBoundCycles} of {trace.CycleCount}");
            Assert.InRange(inferred.LimitHeapGoalBytes!.Value, 115L << 20, 150L << 20);
        }
    }

    [Fact]
    public void GOGC_off_with_a_limit_has_no_GOGC_and_every_goal_at_the_limit()
    {
        for (var run = 1; run <= 3; run++)
        {
            var trace = GcFixtures.Read($"gogcoff-limit250.run{run}.log");
            var inferred = GcSettingsInference.Infer(trace.Runs);

            Assert.Null(inferred.Gogc);
            Assert.True(inferred.LimitBoundCycles >= trace.CycleCount - 3, $"run {run}: {inferred.LimitBoundCycles} of {trace.CycleCount}");
            Assert.InRange(inferred.LimitHeapGoalBytes!.Value, 200L << 20, 250L << 20);
        }
    }

    [Fact]
    public void Too_few_cycles_say_nothing()
    {
        var inferred = GcSettingsInference.Infer(GcFixtures.Read("published/go1.19-forced.log").Runs);

        Assert.Equal(new InferredSettings(null, 0, null), inferred);
    }
}
