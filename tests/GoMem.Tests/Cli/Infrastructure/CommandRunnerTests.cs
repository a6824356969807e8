using GoMem.Cli.Infrastructure;
using GoMem.IO;

namespace GoMem.Tests.Cli.Infrastructure;

/// <summary>Every failure becomes one line on stderr and the documented exit code; never a stack trace.</summary>
public sealed class CommandRunnerTests
{
    [Theory]
    [MemberData(nameof(Failures))]
    public void Failure_is_one_line_with_its_exit_code(Exception exception, int exitCode, string expected)
    {
        var error = new StringWriter();
        var code = CommandRunner.Run(error, () => throw exception);
        Assert.Equal(exitCode, code);
        var line = Assert.Single(error.ToString().TrimEnd('\n', '\r').Split('\n'));
        Assert.StartsWith("gomem: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<Exception, int, string> Failures() => new()
    {
        { new BadInputException("heap.pb.gz", "varint runs off the end", 42), ExitCodes.BadInput, "heap.pb.gz: varint runs off the end (at byte offset 42)" },
        { new UsageException("--nodecount must be 0 (all) or positive"), ExitCodes.Usage, "--nodecount" },
        { new FileNotFoundException("gone", "missing.pb.gz"), ExitCodes.IoFailure, "missing.pb.gz: no such file" },
        { new HttpFetchException("http://127.0.0.1:1/debug/vars: connection refused"), ExitCodes.IoFailure, "connection refused" },
        { new Microsoft.Data.Sqlite.SqliteException("SQLite Error 5: 'database is locked'.", 5), ExitCodes.IoFailure, "store: SQLite Error 5: 'database is locked'." },
        { new InvalidOperationException("a bug\nwith two lines"), ExitCodes.InternalError, "internal error: InvalidOperationException: a bug with two lines" },
    };
}
