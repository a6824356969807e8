using CsCheck;
using GoMem.IO;

namespace GoMem.Tests.Robustness;

/// <summary>The harness itself: each guard catches what it is there for, and a seed always means the same cases.</summary>
[Collection(nameof(RobustnessCollection))]
public sealed class CaseRunnerTests
{
    private static readonly FuzzSettings Settings = new() { Timeout = TimeSpan.FromSeconds(1) };

    [Fact]
    public void An_accepted_input_and_a_refusal_naming_the_file_keep_the_contract()
    {
        Assert.Equal(OutcomeKind.Accepted, Run(_ => { }).Kind);
        Assert.Equal(OutcomeKind.Refused, Run(path => throw new BadInputException(path, "not a profile", lineNumber: 3)).Kind);
    }

    [Fact]
    public void Another_exception_is_a_crash_with_its_type_and_frames()
    {
        var outcome = Run(_ => throw new InvalidOperationException("scanner state"));

        Assert.Equal(OutcomeKind.Crash, outcome.Kind);
        Assert.StartsWith("System.InvalidOperationException: scanner state", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_that_does_not_name_the_file_or_is_too_long_is_a_bad_message()
    {
        Assert.Equal(OutcomeKind.BadMessage, Run(_ => throw new BadInputException("stdin", "not a profile")).Kind);
        Assert.Contains("does not name the input", Run(_ => throw new BadInputException("stdin", "x")).Detail, StringComparison.Ordinal);
        Assert.Equal("message of 5000 characters", CaseRunner.MessageProblem(new string('x', 4991) + "input.txt", "/tmp/input.txt"));
        Assert.Equal("message of more than one line", CaseRunner.MessageProblem("input.txt: a\nb", "input.txt"));
        Assert.Equal("control character U+001B in the message", CaseRunner.MessageProblem("input.txt: \u001b[2J", "input.txt"));
    }

    [Fact]
    public void A_case_past_the_timeout_is_a_hang()
    {
        using var release = new ManualResetEventSlim();
        var outcome = Run(_ => release.Wait(TimeSpan.FromSeconds(30)));
        release.Set();

        Assert.Equal(OutcomeKind.Hang, outcome.Kind);
    }

    [Fact]
    public void Allocation_past_the_bound_for_the_input_is_a_blowup()
    {
        var outcome = Run(_ =>
        {
            for (var i = 0; i < 40; i++)
            {
                GC.KeepAlive(new byte[8 << 20]);
            }
        });

        Assert.Equal(OutcomeKind.Blowup, outcome.Kind);
        Assert.InRange(outcome.AllocatedBytes, 320L << 20, 400L << 20);
    }

    [Fact]
    public void A_seed_and_a_case_number_always_make_the_same_input()
    {
        var target = FuzzTargets.Named("gctrace");
        var payload = FuzzCampaign.Payload(File.ReadAllBytes(Path.Combine(TestSupport.RepoPaths.Root, target.Seeds[0])));
        var generator = FuzzCase.Generator(target.Seeds.Length, seedIsGzip: false, seedIsProto: false);
        var seed = FuzzCampaign.CaseSeed(target, Settings, 17);

        var first = generator.Generate(PCG.Parse(seed), null, out _);
        var again = generator.Generate(PCG.Parse(FuzzCampaign.CaseSeed(target, Settings, 17)), null, out _);

        Assert.Equal(first.ToString(), again.ToString());
        Assert.Equal(first.Build(payload, huge: false), again.Build(payload, huge: false));
        Assert.NotEqual(seed, FuzzCampaign.CaseSeed(target, Settings with { Seed = 1 }, 17));
    }

    private static Outcome Run(Action<string> parse)
    {
        var target = new FuzzTarget("synthetic", ["testdata/gc/steady.log"], parse, 1);
        using var runner = new CaseRunner(target, Settings);
        return runner.Run(0, "gc 1 @0.1s 1%: ...\n"u8.ToArray(), CaseRunner.AllocationLimit([1, 2, 3], Wrapping.Plain), Settings.Timeout);
    }
}
