using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace GoMem.Cli.Infrastructure;

/// <summary>
/// The standard help, followed by an "Examples:" section for the command asked about. Keeps the command list of
/// `gomem --help` to one line per command while `gomem top --help` shows how to use top.
/// </summary>
internal sealed class ExamplesHelpAction(HelpAction standard) : SynchronousCommandLineAction
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Command, string[]> Examples = [];

    public override bool ClearsParseErrors => true;

    /// <summary>Registers the examples shown under a command's help.</summary>
    public static T WithExamples<T>(T command, params string[] examples)
        where T : Command
    {
        Examples.AddOrUpdate(command, examples);
        return command;
    }

    public static void Install(Command root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExamplesHelpAction((HelpAction)help.Action!);
    }

    public override int Invoke(ParseResult parseResult)
    {
        var exit = standard.Invoke(parseResult);
        if (Examples.TryGetValue(parseResult.CommandResult.Command, out var examples))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in examples)
            {
                output.WriteLine("  " + example);
            }

            output.WriteLine();
        }

        return exit;
    }
}
