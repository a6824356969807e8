using GoMem.Cli.Infrastructure;
using GoMem.IO;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli;

/// <summary>
/// One message per kind of file failure, the same in every command: each command line of
/// <see cref="EveryCommandRefusesCorruptInputTests"/> (so every leaf command, and the store shapes) given a missing
/// file, a file in a missing directory, a directory, and an output in a missing directory, exits 4 with one line on
/// stderr that names the path as given and says which kind of failure it is; never .NET's wording.
/// </summary>
public sealed class EveryCommandNamesFileProblemsTests : IDisposable
{
    /// <summary>Commands that read a directory where the corrupt file goes (a folder of snapshots, a cgroup, a -json=0,DIR log): a directory is input there.</summary>
    private static readonly HashSet<string> ReadDirectories = new(StringComparer.Ordinal) { "explain", "leak", "doctor", "escape summary", "escape diff" };

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Commands() => [.. EveryCommandRefusesCorruptInputTests.CommandLines.Keys, .. EveryCommandRefusesCorruptInputTests.StoreShapes.Keys];

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_missing_file_is_no_such_file(string command)
    {
        var missing = Path.Combine(_dir, "missing.bin");
        var line = AssertIoLine(command, Run(command, missing), missing);
        Assert.Matches($"^gomem: {Escape(missing)}: no such (file|store)", line);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_file_in_a_missing_directory_is_no_such_file(string command)
    {
        var missing = Path.Combine(_dir, "no-such-dir", "missing.bin");
        var line = AssertIoLine(command, Run(command, missing), missing);
        Assert.Matches($"^gomem: {Escape(missing)}: no such (file|store)", line);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_directory_where_a_file_is_expected_says_so(string command)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_dir, "a-directory")).FullName;
        var result = Run(command, directory);
        if (ReadDirectories.Contains(command))
        {
            // An empty one is bad input there, named.
            Assert.True(result.ExitCode is ExitCodes.BadInput or ExitCodes.Usage, $"gomem {command}: exit {result.ExitCode}, stderr: {result.Stderr}");
            Assert.Contains("a-directory", Assert.Single(result.Stderr.TrimEnd('\n').Split('\n')), StringComparison.Ordinal);
            return;
        }

        var line = AssertIoLine(command, result, directory);
        Assert.Matches($"^gomem: {Escape(directory)}: is a directory, not a (file|store file)$", line);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_output_in_a_missing_directory_is_refused_before_any_work(string command)
    {
        var corrupt = Path.Combine(_dir, "corrupt.bin");
        File.WriteAllBytes(corrupt, [.. "not an input\n"u8, 0xff, 0x00]);
        var output = Path.Combine(_dir, "no-such-dir", "out.txt");

        // The input is corrupt: the output's directory is checked before it is read.
        var result = Run(command, corrupt, "-o", output);

        var line = AssertIoLine(command, result, output);
        Assert.Equal($"gomem: {output}: directory {Path.GetDirectoryName(output)} does not exist", line);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_output_that_is_a_directory_is_refused(string command)
    {
        var corrupt = Path.Combine(_dir, "corrupt.bin");
        File.WriteAllBytes(corrupt, [.. "not an input\n"u8, 0xff, 0x00]);

        var result = Run(command, corrupt, "-o", _dir);

        var line = AssertIoLine(command, result, _dir);
        Assert.Equal($"gomem: {_dir}: is a directory, not a file", line);
    }

    [Fact]
    public void Each_kind_of_failure_has_its_one_wording()
    {
        var file = Path.Combine(_dir, "file.txt");
        File.WriteAllText(file, "x");
        Assert.Equal($"{file}: no such file", FileProblem.Describe(new FileNotFoundException(), file, writing: false)!.Message);
        Assert.Equal($"{file}: no such file", FileProblem.Describe(new DirectoryNotFoundException(), file, writing: false)!.Message);
        Assert.Equal("/a/b/c.txt: directory /a/b does not exist", FileProblem.Describe(new DirectoryNotFoundException(), "/a/b/c.txt", writing: true)!.Message);
        Assert.Equal($"{file}: permission denied", FileProblem.Describe(new UnauthorizedAccessException(), file, writing: false)!.Message);
        Assert.Equal($"{_dir}: is a directory, not a file", FileProblem.Describe(new UnauthorizedAccessException(), _dir, writing: true)!.Message);
        Assert.Null(FileProblem.Describe(new InvalidOperationException(), file, writing: false));
    }

    private static string Escape(string path) => System.Text.RegularExpressions.Regex.Escape(path);

    private static string AssertIoLine(string command, CliResult result, string path)
    {
        Assert.True(result.ExitCode == ExitCodes.IoFailure, $"gomem {command}: exit {result.ExitCode}, stderr: {result.Stderr}");
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not find", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Access to the path", line, StringComparison.Ordinal);
        return line;
    }

    private CliResult Run(string command, string input, params string[] extra)
    {
        var line = EveryCommandRefusesCorruptInputTests.CommandLines.TryGetValue(command, out var commandLine) ? commandLine : EveryCommandRefusesCorruptInputTests.StoreShapes[command];
        var store = Path.Combine(_dir, "runs.db");
        return GoMemCli.Run([.. line.Select(a => a.Replace(EveryCommandRefusesCorruptInputTests.Corrupt, input, StringComparison.Ordinal).Replace("{store}", store, StringComparison.Ordinal)), .. extra]);
    }
}
