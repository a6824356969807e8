using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Cli.Infrastructure.Completion;
using GoMem.Monitoring.Config;

namespace GoMem.Cli.Commands.Tool;

/// <summary><c>gomem completion bash|zsh|fish</c>: the shell's completion script, which asks gomem itself for candidates.</summary>
internal static class CompletionCommand
{
    public static Command Create(CliContext context)
    {
        var shell = new Argument<string>("shell") { Description = "The shell: bash, zsh or fish." };
        shell.CompletionSources.Add(_ => ShellCompletion.Shells.Select(s => new System.CommandLine.Completions.CompletionItem(s)));
        var command = new Command("completion", "Print the shell completion script for bash, zsh or fish: commands, subcommands, options and their fixed values complete, file names otherwise.")
        {
            shell,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "source <(gomem completion bash)                            # in ~/.bashrc",
            "source <(gomem completion zsh)                             # in ~/.zshrc, after compinit",
            "gomem completion fish > ~/.config/fish/completions/gomem.fish");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var name = result.GetValue(shell)!;
            if (!ShellCompletion.Shells.Contains(name, StringComparer.Ordinal))
            {
                var meant = Suggestions.Closest(name, ShellCompletion.Shells);
                throw new UsageException($"no completion for \"{name}\": bash, zsh or fish" + (meant is null ? "" : $"; did you mean \"{meant}\"?"));
            }

            context.Stdout.Write(ShellCompletion.Script(name));
            return ExitCodes.Success;
        }));
        return command;
    }
}
