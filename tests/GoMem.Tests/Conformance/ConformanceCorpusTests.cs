using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Conformance;

/// <summary>
/// The conformance corpus (testdata/conformance/): files other producers write. Profiles are checked against the real
/// go tool pprof by <see cref="Profiles.GoToolPprofGoldenTests"/> (their golden/COMMANDS.txt); the goroutine dumps and
/// gctrace logs, which have no reference tool, against gomem's own goldens under tests/golden/conformance/, checked by
/// hand against the runtime's traceback and gctrace code (golden/GOMEM.txt: golden file, expected exit code, command).
/// Every file of the corpus must be in README.md's table and used by a command, and every golden listed.
/// </summary>
public sealed class ConformanceCorpusTests
{
    private static readonly string Corpus = Path.Combine(RepoPaths.TestData, "conformance");

    public static TheoryData<string, string, int, string> Cases()
    {
        var data = new TheoryData<string, string, int, string>();
        foreach (var (folder, golden, exit, command) in GomemCommands())
        {
            data.Add(folder, golden, exit, command);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_matches_golden(string folder, string golden, int exitCode, string command)
    {
        var directory = Path.Combine(Corpus, folder);
        var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        var result = GoMemCli.RunIn(directory, args);

        // As if run from the folder: the paths gomem prints are the names given.
        var output = (result.Stdout + result.Stderr).Replace(directory + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
        Assert.Equal(exitCode, result.ExitCode);
        if (exitCode != 0)
        {
            // Refused: one line on stderr, nothing on stdout.
            Assert.Equal("", result.Stdout);
            Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        }

        Golden.AssertMatches(golden, output);
    }

    [Fact]
    public void Every_file_is_in_the_readme_table_and_used_by_a_command()
    {
        var readme = File.ReadAllText(Path.Combine(Corpus, "README.md"));
        var commands = CommandFiles().SelectMany(File.ReadLines).Where(l => !l.StartsWith('#')).ToList();
        var inputs = Directory.GetDirectories(Corpus)
            .SelectMany(d => Directory.GetFiles(d).Select(f => (Folder: Path.GetFileName(d), Name: Path.GetFileName(f))))
            .ToList();
        Assert.NotEmpty(inputs);
        foreach (var (folder, name) in inputs)
        {
            Assert.True(readme.Contains($"`{folder}/{name}`", StringComparison.Ordinal), $"{folder}/{name} is not in testdata/conformance/README.md's table");
            Assert.True(commands.Any(c => c.Split('\t')[^1].Split(' ').Contains(name)), $"{folder}/{name} is not used by any golden command");
        }
    }

    [Fact]
    public void Every_golden_file_is_listed()
    {
        foreach (var golden in Directory.GetDirectories(Corpus).Select(d => Path.Combine(d, "golden")).Where(Directory.Exists))
        {
            var lines = File.Exists(Path.Combine(golden, "COMMANDS.txt")) ? File.ReadAllLines(Path.Combine(golden, "COMMANDS.txt")) : [];
            foreach (var name in Directory.GetFiles(golden).Select(Path.GetFileName).Where(n => n is not "COMMANDS.txt" and not "GOMEM.txt"))
            {
                Assert.True(lines.Any(l => l.StartsWith("golden/" + name + "\t", StringComparison.Ordinal)), $"{golden}/{name} is not listed in its COMMANDS.txt");
            }
        }

        var gomem = GomemCommands().Select(c => c.Golden).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Golden, "conformance"), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepoPaths.Golden, file).Replace('\\', '/');
            Assert.True(gomem.Contains(relative), $"tests/golden/{relative} is not listed in a GOMEM.txt");
        }
    }

    private static IEnumerable<string> CommandFiles() =>
        Directory.GetDirectories(Corpus).SelectMany(d => new[] { Path.Combine(d, "golden", "COMMANDS.txt"), Path.Combine(d, "golden", "GOMEM.txt") }).Where(File.Exists);

    private static IEnumerable<(string Folder, string Golden, int Exit, string Command)> GomemCommands()
    {
        foreach (var file in Directory.GetFiles(Corpus, "GOMEM.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(file)))!;
            foreach (var line in File.ReadLines(file).Where(l => !l.StartsWith('#') && l.Contains('\t')))
            {
                var parts = line.Split('\t');
                yield return (folder, parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2]);
            }
        }
    }
}
