using Xunit.Abstractions;

namespace GoMem.Tests.Robustness;

/// <summary>The parsers' runs share the machine's two cores with nothing else of theirs: one at a time.</summary>
[CollectionDefinition(nameof(RobustnessCollection), DisableParallelization = true)]
public sealed class RobustnessCollection;

/// <summary>
/// The hostile-input contract, parser by parser: mutated real inputs (byte flips, truncations, lines duplicated,
/// removed and spliced, huge numbers, NaN and infinities, long lines, deep nesting, invalid UTF-8, gzip of garbage,
/// gzip bombs) are accepted, or refused with a BadInputException whose message is one line naming the file; never
/// another exception, never a hang, never allocation out of proportion to the input. A fixed seed and budget in CI;
/// scripts/fuzz.sh runs the same cases and many more (GOMEM_FUZZ_* variables, see FuzzSettings).
/// </summary>
[Collection(nameof(RobustnessCollection))]
public sealed class ParserPropertyTests(ITestOutputHelper output)
{
    public static TheoryData<string> Parsers() => FuzzTargets.Names();

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Mutated_real_inputs_are_accepted_or_refused_in_one_line(string parser)
    {
        var settings = FuzzSettings.FromEnvironment();
        var target = FuzzTargets.Named(parser);
        if (!settings.Runs(target))
        {
            // scripts/fuzz.sh runs each parser in a process of its own (GOMEM_FUZZ_PARSERS); never so in CI.
            return;
        }

        var summary = FuzzCampaign.Run(target, settings);
        output.WriteLine(summary.Report());
        Assert.True(summary.Failures.Count == 0 && summary.StoppedEarly is null, summary.Report());
        Assert.True(summary.Counts[OutcomeKind.Refused] > 0 || settings.OnlyCase is not null, $"{parser}: no case was refused: the mutations do not reach the parser");
        Assert.True(summary.Counts[OutcomeKind.Accepted] > 0 || settings.OnlyCase is not null, $"{parser}: no case was accepted: the mutations never leave a readable input");
    }
}
