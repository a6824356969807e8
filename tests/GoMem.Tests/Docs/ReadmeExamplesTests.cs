using System.Diagnostics;
using System.Text;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Docs;

/// <summary>
/// The README promises real output for every command it shows. Each fenced block that starts with "$ " is run
/// by bash, command after command, in a fresh directory that sees the repository's testdata/ and examples/, with
/// <c>gomem</c> on the PATH being this build; what each command prints (stdout and stderr, as a terminal shows them)
/// must be what the README says below it. Each command runs in a subshell of its own, as a reader pasting that one
/// line at the repository's root would (a <c>cd</c> in one line does not carry to the next), and no example may
/// leave a file in that directory. Files the examples write to /tmp go to a directory of this run instead (and are
/// named /tmp/ again in what they print), so two test runs at once never share them.
/// </summary>
public sealed class ReadmeExamplesTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("gomem-readme-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void Every_console_example_prints_what_the_readme_shows()
    {
        var blocks = ConsoleBlocks(File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md")));
        var shim = WriteShim();
        var failures = new List<string>();
        var checkedCommands = 0;
        for (var b = 0; b < blocks.Count; b++)
        {
            var directory = Path.Combine(_work, $"block{b}");
            Directory.CreateDirectory(directory);
            File.CreateSymbolicLink(Path.Combine(directory, "testdata"), RepoPaths.TestData);
            File.CreateSymbolicLink(Path.Combine(directory, "examples"), Path.Combine(RepoPaths.Root, "examples"));
            var outputs = Run(directory, shim, _work, blocks[b]);
            for (var c = 0; c < blocks[b].Count; c++)
            {
                checkedCommands++;
                var (command, expected) = blocks[b][c];
                var actual = c < outputs.Count ? outputs[c] : "(no output: the block stopped before this command)";
                if (actual.TrimEnd('\n') != expected.TrimEnd('\n'))
                {
                    failures.Add($"$ {command}\n--- README\n{expected}\n--- actual\n{actual}");
                }
            }

            var leftovers = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Where(n => n is not ("testdata" or "examples")).Order().ToList();
            if (leftovers.Count > 0)
            {
                failures.Add($"the block starting \"$ {blocks[b][0].Command}\" leaves files in the repository: {string.Join(", ", leftovers)}");
            }
        }

        Assert.True(checkedCommands >= 30, $"only {checkedCommands} README commands found: did the README lose its examples?");
        Assert.True(failures.Count == 0, $"{failures.Count} README example(s) differ from real output:\n\n" + string.Join("\n\n", failures));
    }

    /// <summary>Blocks of "$ command" lines, each followed by its output.</summary>
    private static List<List<(string Command, string Output)>> ConsoleBlocks(string[] lines)
    {
        var blocks = new List<List<(string, string)>>();
        List<(string Command, StringBuilder Output)>? current = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                if (current is null)
                {
                    current = [];
                    continue;
                }

                if (current.Count > 0)
                {
                    blocks.Add([.. current.Select(c => (c.Command, c.Output.ToString()))]);
                }

                current = null;
            }
            else if (current is not null)
            {
                if (line.StartsWith("$ ", StringComparison.Ordinal))
                {
                    current.Add((line[2..], new StringBuilder()));
                }
                else if (current.Count > 0)
                {
                    current[^1].Output.Append(line).Append('\n');
                }
                else
                {
                    // A block of output without a command (a file listing, a config): not an example to run.
                    current = null;
                }
            }
        }

        return blocks;
    }

    /// <summary>A gomem on the PATH that runs the CLI this test project was built with.</summary>
    private string WriteShim()
    {
        var bin = Path.Combine(_work, "bin");
        Directory.CreateDirectory(bin);
        var cli = Path.Combine(AppContext.BaseDirectory, "GoMem.Cli.dll");
        Assert.True(File.Exists(cli), cli);
        var shim = Path.Combine(bin, "gomem");
        File.WriteAllText(shim, $"#!/usr/bin/env bash\nexec dotnet '{cli}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return bin;
    }

    private static List<string> Run(string directory, string bin, string work, List<(string Command, string Output)> block)
    {
        var tmp = Path.Combine(work, "tmp");
        Directory.CreateDirectory(tmp);
        const string Marker = "@@gomem-readme-command@@";
        var script = new StringBuilder();
        foreach (var (command, _) in block)
        {
            script.Append("echo '").Append(Marker).Append("'\n( ").Append(command.Replace("/tmp/", tmp + "/", StringComparison.Ordinal)).Append("\n) 2>&1\n");
        }

        var start = new ProcessStartInfo("bash", ["-c", script.ToString()])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["TZ"] = "UTC";
        start.Environment["COLUMNS"] = "120";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "a README example did not finish in 3 minutes");
        var parts = stdout.Result.Replace(directory + "/", "", StringComparison.Ordinal).Replace(tmp + "/", "/tmp/", StringComparison.Ordinal).Split(Marker + "\n");
        _ = stderr.Result;
        return [.. parts.Skip(1)];
    }
}
