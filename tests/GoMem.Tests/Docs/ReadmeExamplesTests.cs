using System.Diagnostics;
using System.Text;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Docs;

/// <summary>
/// The README and the user guide (docs/guide/) promise real output for every command they show. Each fenced block
/// that starts with "$ " is run
/// by bash, command after command, in a fresh directory that sees the repository's testdata/ and examples/, with
/// <c>gomem</c> on the PATH being this build; what each command prints (stdout and stderr, as a terminal shows them)
/// must be what the README says below it. Each command runs in a subshell of its own, as a reader pasting that one
/// line at the repository's root would (a <c>cd</c> in one line does not carry to the next), and no example may
/// leave a file in that directory. Files the examples write to /tmp go to a directory of this run instead (and are
/// named /tmp/ again in what they print), so two test runs at once never share them. With UPDATE_GOLDEN=1 the
/// documents' outputs are rewritten from what the commands print (review the diff before committing it).
/// </summary>
public sealed class ReadmeExamplesTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("gomem-readme-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>The README and every page of the user guide.</summary>
    public static TheoryData<string> Documents()
    {
        var documents = new TheoryData<string> { "README.md" };
        foreach (var page in Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs", "guide"), "*.md").Order(StringComparer.Ordinal))
        {
            documents.Add(Path.GetRelativePath(RepoPaths.Root, page));
        }

        return documents;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_console_example_prints_what_the_document_shows(string document)
    {
        var path = Path.Combine(RepoPaths.Root, document);
        var lines = File.ReadAllLines(path);
        var blocks = ConsoleBlocks(lines);
        var shim = WriteShim();
        var failures = new List<string>();
        var replacements = new List<(int First, int Count, string Output)>();
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
                var example = blocks[b][c];
                var actual = c < outputs.Count ? outputs[c] : "(no output: the block stopped before this command)";
                if (actual.TrimEnd('\n') != example.Output.TrimEnd('\n'))
                {
                    failures.Add($"$ {example.Command}\n--- {document}\n{example.Output}\n--- actual\n{actual}");
                    replacements.Add((example.FirstOutputLine, example.OutputLines, actual.TrimEnd('\n')));
                }
            }

            var leftovers = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Where(n => n is not ("testdata" or "examples")).Order().ToList();
            if (leftovers.Count > 0)
            {
                failures.Add($"the block starting \"$ {blocks[b][0].Command}\" leaves files in the repository: {string.Join(", ", leftovers)}");
            }
        }

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1" && replacements.Count > 0)
        {
            var rewritten = lines.ToList();
            foreach (var (first, count, output) in replacements.OrderByDescending(r => r.First))
            {
                rewritten.RemoveRange(first, count);
                rewritten.InsertRange(first, output.Length == 0 ? [] : output.Split('\n'));
            }

            File.WriteAllLines(path, rewritten);
            return;
        }

        // The README shows every command; a guide page at least one, or it is not a page of how to do something (the
        // guide's index only links to them).
        var least = document switch { "README.md" => 30, _ when document.EndsWith("README.md", StringComparison.Ordinal) => 0, _ => 1 };
        Assert.True(checkedCommands >= least, $"only {checkedCommands} commands found in {document}: did it lose its examples?");
        Assert.True(failures.Count == 0, $"{failures.Count} example(s) in {document} differ from real output (UPDATE_GOLDEN=1 rewrites them):\n\n" + string.Join("\n\n", failures));
    }

    /// <summary>One "$ command" line of a block, and the lines of output below it (their index in the document and how many).</summary>
    private sealed record Example(string Command, string Output, int FirstOutputLine, int OutputLines);

    /// <summary>Blocks of "$ command" lines, each followed by its output.</summary>
    private static List<List<Example>> ConsoleBlocks(string[] lines)
    {
        var blocks = new List<List<Example>>();
        List<(string Command, int FirstOutputLine, List<string> Output)>? current = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                if (current is null)
                {
                    current = [];
                    continue;
                }

                if (current.Count > 0)
                {
                    blocks.Add([.. current.Select(c => new Example(c.Command, string.Concat(c.Output.Select(o => o + "\n")), c.FirstOutputLine, c.Output.Count))]);
                }

                current = null;
            }
            else if (current is not null)
            {
                if (line.StartsWith("$ ", StringComparison.Ordinal))
                {
                    current.Add((line[2..], i + 1, []));
                }
                else if (current.Count > 0)
                {
                    current[^1].Output.Add(line);
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

    private static List<string> Run(string directory, string bin, string work, List<Example> block)
    {
        var tmp = Path.Combine(work, "tmp");
        Directory.CreateDirectory(tmp);
        const string Marker = "@@gomem-readme-command@@";
        var script = new StringBuilder();
        foreach (var example in block)
        {
            script.Append("echo '").Append(Marker).Append("'\n( ").Append(example.Command.Replace("/tmp/", tmp + "/", StringComparison.Ordinal)).Append("\n) 2>&1\n");
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
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "an example did not finish in 3 minutes");
        var parts = stdout.Result.Replace(directory + "/", "", StringComparison.Ordinal).Replace(tmp + "/", "/tmp/", StringComparison.Ordinal).Split(Marker + "\n");
        _ = stderr.Result;
        return [.. parts.Skip(1)];
    }
}
