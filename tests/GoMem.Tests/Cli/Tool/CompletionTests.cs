using System.Diagnostics;
using GoMem.Cli.Infrastructure;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Tool;

/// <summary>
/// Shell completion: the candidates gomem computes for a partly typed command line (`gomem __complete WORDS...`), and
/// the bash script run for real, as bash runs it on Tab (COMP_WORDS and COMP_CWORD set, the function called, COMPREPLY
/// read), against the built CLI.
/// </summary>
public sealed class CompletionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-completion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("gc|st", "stats")]
    [InlineData("gc|", "stats|tune|whatif")]
    [InlineData("bench|", "compare|gate|history|record|scaling|trend")]
    [InlineData("top|--fo", "--focus|--format")]
    [InlineData("top|--format|", "json|text")]
    [InlineData("top|--format|js", "json")]
    [InlineData("top|--format|=|", "json|text")]
    [InlineData("top|--format=j", "--format=json")]
    [InlineData("export|prometheus-rules|-f|", "json|yaml")]
    [InlineData("completion|", "bash|fish|zsh")]
    [InlineData("help|p", "pprof-vs-rss")]
    [InlineData("top|", "")]
    [InlineData("tpo|", "")]
    public void Candidates_for_a_partly_typed_line(string words, string expected)
    {
        var result = GoMemCli.Run(["__complete", .. words.Split('|')]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Equal(expected, string.Join('|', result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void A_new_word_after_gomem_is_a_command_and_options_need_a_dash()
    {
        var commands = GoMemCli.Run("__complete", "").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var options = GoMemCli.Run("__complete", "-").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Superset(new HashSet<string>(["top", "diff", "gc", "bench", "watch", "completion", "help"]), commands.ToHashSet());
        Assert.DoesNotContain(commands, c => c.StartsWith('-'));
        Assert.Equal(["--help", "--version"], options.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("gc st", 2, "stats")]
    [InlineData("gc ", 2, "stats tune whatif")]
    [InlineData("top --format ", 3, "json text")]
    [InlineData("top --nodec", 2, "--nodecount")]
    [InlineData("completion z", 2, "zsh")]
    [InlineData("top ", 2, "")]
    public void The_bash_script_completes_as_bash_does_on_Tab(string typed, int cword, string expected)
    {
        var words = string.Join(' ', typed.Split(' ').Select(w => $"'{w}'"));
        var script = $"""
            source <('{Gomem()}' completion bash)
            COMP_WORDS=('{Gomem()}' {words})
            COMP_CWORD={cword}
            _gomem
            printf '%s\n' "${"{"}COMPREPLY[@]{"}"}" | sort | tr '\n' ' '
            echo
            complete -p gomem
            """;

        var (exit, stdout, stderr) = Shell("bash", ["--norc", "--noprofile", "-c", script]);

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.Equal(expected, lines[0].Trim());
        Assert.Equal("complete -o default -F _gomem gomem", lines[1]);
    }

    /// <summary>zsh's completion system needs a terminal: compadd, _files and compdef are stood in for, the script's own code runs.</summary>
    [ShellTheory("zsh")]
    [InlineData("gomem gc st", 3, "stats")]
    [InlineData("gomem top --format ''", 4, "json text")]
    [InlineData("gomem top --format=j", 3, "--format=json")]
    [InlineData("gomem top ''", 3, "FILES")]
    public void The_zsh_script_offers_the_candidates(string words, int current, string expected)
    {
        var script = $$"""
            compdef() { :; }
            compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -l -- "$@"; }
            _files() { print FILES; }
            source <('{{Gomem()}}' completion zsh)
            words=({{words}})
            words[1]='{{Gomem()}}'
            CURRENT={{current}}
            _gomem | sort | tr '\n' ' '
            """;

        var (exit, stdout, stderr) = Shell("zsh", ["-f", "-c", script]);

        Assert.True(exit == 0, stderr);
        Assert.Equal(expected, stdout.Trim());
    }

    /// <summary>fish completes a command line without a terminal (complete -C), with gomem on the PATH.</summary>
    [ShellTheory("fish")]
    [InlineData("gomem gc st", "stats")]
    [InlineData("gomem top --format ", "json text")]
    [InlineData("gomem top --format=j", "--format=json")]
    [InlineData("gomem completion ", "bash fish zsh")]
    public void The_fish_script_offers_the_candidates(string line, string expected)
    {
        var script = $"set -x PATH '{_dir}' $PATH; gomem completion fish | source; complete -C '{line}' | sort | tr '\\n' ' '";

        var (exit, stdout, stderr) = Shell("fish", ["--no-config", "-c", script]);

        Assert.True(exit == 0, stderr);
        Assert.Equal(expected, stdout.Trim());
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _gomem gomem")]
    [InlineData("zsh", "compdef _gomem gomem")]
    [InlineData("fish", "complete -c gomem")]
    public void Each_shell_gets_its_script(string shell, string registers)
    {
        var result = GoMemCli.Run("completion", shell);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains(registers, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("__complete", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("completion|bsh", "gomem: no completion for \"bsh\": bash, zsh or fish; did you mean \"bash\"? (see gomem completion --help)")]
    [InlineData("completion|tcsh", "gomem: no completion for \"tcsh\": bash, zsh or fish (see gomem completion --help)")]
    [InlineData("completion", "gomem: missing argument <shell> (see gomem completion --help)")]
    [InlineData("completion|--bogus|bash", "gomem: unknown option \"--bogus\" (see gomem completion --help)")]
    public void Usage_errors_are_one_line(string commandLine, string expected)
    {
        var result = GoMemCli.Run(commandLine.Split('|'));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal(expected + "\n", result.Stderr);
    }

    /// <summary>An executable named gomem that runs the CLI this test project built.</summary>
    private string Gomem()
    {
        var path = Path.Combine(_dir, "gomem");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, $"#!/bin/sh\nexec dotnet exec '{Path.Combine(AppContext.BaseDirectory, "GoMem.Cli.dll")}' \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return path;
    }

    private (int Exit, string Stdout, string Stderr) Shell(string shell, string[] arguments)
    {
        Gomem();
        using var bash = Process.Start(new ProcessStartInfo(shell, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir })!;
        var stderr = bash.StandardError.ReadToEndAsync();
        var stdout = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        return (bash.ExitCode, stdout, stderr.Result);
    }
}

/// <summary>A theory run by a shell: skipped, with the reason, when that shell is not installed (bash always is).</summary>
public sealed class ShellTheoryAttribute : TheoryAttribute
{
    public ShellTheoryAttribute(string shell) =>
        Skip = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, shell)))
            ? null
            : $"needs {shell} (apt-get install -y {shell})";
}
