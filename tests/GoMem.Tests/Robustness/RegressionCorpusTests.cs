using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Robustness;

/// <summary>
/// Inputs the fuzzing found, kept under testdata/fuzz/PARSER/ as LABEL--FILE (FILE: the seed input's name, which is
/// the name the parser reads it under): each is replayed through its parser and must keep the contract, so a bug
/// the campaign found stays fixed. testdata/fuzz/README.md lists what each one found. Inputs under
/// testdata/fuzz/open/PARSER/ reproduce bugs found but not yet fixed (each listed with its owner in the README):
/// they are replayed from the day they move up into PARSER/, with the fix.
/// </summary>
[Collection(nameof(RobustnessCollection))]
public sealed class RegressionCorpusTests
{
    private static string Corpus => Path.Combine(RepoPaths.TestData, "fuzz");

    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var folder in ParserFolders(Corpus))
        {
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(Corpus, file).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }

        return data;
    }

    [Fact]
    public void Every_corpus_folder_is_a_parser_and_every_file_names_one_of_its_seeds()
    {
        foreach (var folder in ParserFolders(Corpus).Concat(ParserFolders(Path.Combine(Corpus, Open))))
        {
            var target = FuzzTargets.All.SingleOrDefault(t => t.Name == Path.GetFileName(folder));
            Assert.True(target is not null, $"testdata/fuzz/{Path.GetFileName(folder)}: no parser of that name (FuzzTargets)");
            foreach (var file in Directory.GetFiles(folder))
            {
                Assert.Contains(SeedName(file), target.Seeds.Select(Path.GetFileName));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Input_the_fuzzing_found_keeps_the_contract(string input)
    {
        var path = Path.Combine(Corpus, input);
        var target = FuzzTargets.Named(input.Split('/')[0]);
        var seed = Array.FindIndex(target.Seeds, s => Path.GetFileName(s) == SeedName(path));
        var bytes = File.ReadAllBytes(path);
        var settings = new FuzzSettings();
        using var runner = new CaseRunner(target, settings);

        var outcome = runner.Run(seed, bytes, CaseRunner.AllocationLimit(bytes, Wrapping.Plain), settings.Timeout);

        Assert.False(outcome.Failed, $"{input}: {outcome.Kind}: {outcome.Detail}");
    }

    /// <summary>The folder of reproducers of open bugs.</summary>
    private const string Open = "open";

    private static IEnumerable<string> ParserFolders(string root) =>
        Directory.Exists(root) ? Directory.GetDirectories(root).Where(d => Path.GetFileName(d) != Open).Order(StringComparer.Ordinal) : [];

    private static string SeedName(string file)
    {
        var name = Path.GetFileName(file);
        return name[(name.LastIndexOf("--", StringComparison.Ordinal) + 2)..];
    }
}
