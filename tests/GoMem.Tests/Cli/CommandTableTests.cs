using GoMem.Cli;
using GoMem.Cli.Infrastructure;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli;

/// <summary>
/// The table of top-level commands: a command line that starts with a command's name builds only that command, so
/// each entry must build the command it is listed under, and the whole tree (help, completion) must still list them all.
/// </summary>
public sealed class CommandTableTests
{
    [Fact]
    public void Every_command_is_listed_under_the_name_it_is_built_with()
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null);

        foreach (var (name, create) in GoMemCommandLine.Commands)
        {
            Assert.Equal(name, create(context).Name);
        }
    }

    [Fact]
    public void The_root_help_and_completion_list_every_command()
    {
        var help = GoMemCli.Run("--help");
        var completion = GoMemCli.Run("__complete", "");

        Assert.Equal(ExitCodes.Success, help.ExitCode);
        foreach (var (name, _) in GoMemCommandLine.Commands)
        {
            Assert.Contains("  " + name + " ", help.Stdout, StringComparison.Ordinal);
            Assert.Contains(name, completion.Stdout.Split('\n'));
        }
    }
}
