using System.Diagnostics;
using GoMem.Cli;
using GoMem.Cli.Infrastructure;
using GoMem.Tests.Gc;

namespace GoMem.Tests.Cli.Infrastructure;

/// <summary>
/// Standard input at a terminal: a command about to read it says what it expects instead of waiting in silence; from
/// a pipe or a file it reads without a word.
/// </summary>
public sealed class StandardInputTests
{
    private const string GcHint = "gomem: reading a GODEBUG=gctrace=1 log from standard input (pipe one in, or give a file); Ctrl-D to end";

    [Theory]
    [InlineData(true, "", true)]
    [InlineData(true, "-", true)]
    [InlineData(true, "a.log|-", true)]
    [InlineData(true, "a.log", false)]
    [InlineData(true, "a.log|b.log", false)]
    [InlineData(false, "", false)]
    [InlineData(false, "-", false)]
    public void Said_only_when_a_terminal_is_read(bool terminal, string inputs, bool said)
    {
        var hint = StandardInput.Hint(inputs.Length == 0 ? [] : inputs.Split('|'), terminal, "a GODEBUG=gctrace=1 log");

        Assert.Equal(said ? GcHint : null, hint);
    }

    [Fact]
    public void Announced_on_stderr_as_one_line()
    {
        var stderr = new StringWriter { NewLine = "\n" };
        var context = new CliContext(TextWriter.Null, stderr, StdinIsTerminal: true);

        StandardInput.Announce(context, [], "a GODEBUG=gctrace=1 log");
        StandardInput.Announce(context, "heap.pb.gz", "a heap, allocs or goroutine profile");
        StandardInput.Announce(context, (string?)null, "a heap, allocs or goroutine profile");

        Assert.Equal(GcHint + "\n", stderr.ToString());
    }

    [Fact]
    public void A_file_given_at_a_terminal_is_read_without_a_word()
    {
        var (code, stdout, stderr) = RunAtTerminal("gc", "stats", Path.Combine(GcFixtures.Dir, "forced.log"));

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("", stderr);
        Assert.StartsWith("GC trace: ", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gc|stats|--follow", "gomem: --follow reads one growing log file: name exactly one (see gomem gc stats --help)")]
    [InlineData("gc|whatif|--gogc|lots", "gomem: --gogc must be a percentage from 1 to 1000000, or off (got 'lots') (see gomem gc whatif --help)")]
    [InlineData("gc|whatif|--memlimit|big", "gomem: --memlimit: \"big\" is not a size (e.g. 512MiB, 1.5GB, 1073741824) (see gomem gc whatif --help)")]
    public void A_usage_error_comes_before_standard_input_is_read(string commandLine, string expected)
    {
        var (code, stdout, stderr) = RunAtTerminal(commandLine.Split('|'));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", stdout);
        Assert.Equal(expected + "\n", stderr);
    }

    /// <summary>The real process with standard input a pipe: read as before, and nothing said.</summary>
    [Fact]
    public async Task A_pipe_is_read_without_a_word()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "GoMem.Cli.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", cli, "gc", "stats", "--format", "json"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.StandardInput.WriteAsync(await File.ReadAllTextAsync(Path.Combine(GcFixtures.Dir, "forced.log")));
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);

        Assert.Equal("", await stderr);
        Assert.Equal(0, process.ExitCode);
        var expected = GoMem.Tests.TestSupport.GoMemCli.Run("gc", "stats", "--format", "json", Path.Combine(GcFixtures.Dir, "forced.log")).Stdout;
        Assert.Equal(expected.Replace(Path.Combine(GcFixtures.Dir, "forced.log"), "-", StringComparison.Ordinal), await stdout);
    }

    private static (int Code, string Stdout, string Stderr) RunAtTerminal(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = GoMemCommandLine.Run(args, stdout, stderr, TimeZoneInfo.Utc, stdoutIsTerminal: true, stdinIsTerminal: true);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
