using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using GoMem.Monitoring.Config;

namespace GoMem.Cli.Infrastructure;

/// <summary>
/// What System.CommandLine found wrong with a command line, as the one line a user reads: the real culprit (the
/// unknown token, the option and its bad value, the missing argument), a "did you mean" when a command or option is
/// close, and where to look ("(see gomem CMD --help)"). Never the help text, never a .NET type name. Also catches what
/// the parser lets through: an unknown option placed before a file name is taken as the file (`top --bogus heap.pb.gz`).
/// </summary>
internal static class UsageErrors
{
    /// <summary>"(see gomem gc stats --help)" for the command a parse reached.</summary>
    public static string HelpPointer(ParseResult result) => $"(see {CommandPath(result.CommandResult)} --help)";

    /// <summary>"gomem gc stats": the command's path from the root.</summary>
    public static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? c = command; c is CommandResult result; c = result.Parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>A group command (gomem, gomem gc) run with nothing else: its help is what the user wants, not an error.</summary>
    public static bool IsBareGroup(ParseResult result) =>
        result.Action is ParseErrorAction
        && result.CommandResult.Command is { Subcommands.Count: > 0, Action: null }
        && result.UnmatchedTokens.Count == 0
        && result.Errors.All(e => e.SymbolResult == result.CommandResult);

    /// <summary>The usage error in the command line <paramref name="args"/> parsed into (without the help pointer), or null when it has none.</summary>
    public static string? Find(ParseResult result, IReadOnlyList<string> args)
    {
        foreach (var error in result.Errors)
        {
            if (error.SymbolResult is OptionResult option && Unbundled(result.CommandResult, option, args) is { } mistyped)
            {
                return mistyped;
            }
        }

        if (UnknownToken(result) is { } unknown)
        {
            return unknown;
        }

        if (result.Action is not ParseErrorAction)
        {
            return null;
        }

        if (MissingArguments(result) is { } missing)
        {
            return missing;
        }

        foreach (var error in result.Errors)
        {
            if (error.SymbolResult is OptionResult option && BadValue(option) is { } line)
            {
                return line;
            }
        }

        return result.Errors.Count > 0 ? OneLine(result.Errors[0].Message) : "the command line does not parse";
    }

    /// <summary>The first token, in command-line order, the parser could not place, or an option-like word it took as a file.</summary>
    private static string? UnknownToken(ParseResult result)
    {
        var literal = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        var afterDoubleDash = false;
        foreach (var token in result.Tokens)
        {
            afterDoubleDash |= token.Type == TokenType.DoubleDash;
            if (afterDoubleDash)
            {
                literal.Add(token);
            }
        }

        var optionLike = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        foreach (var argument in result.CommandResult.Children.OfType<ArgumentResult>())
        {
            foreach (var token in argument.Tokens)
            {
                if (LooksLikeOption(token.Value) && !literal.Contains(token))
                {
                    optionLike.Add(token);
                }
            }
        }

        var unmatched = result.UnmatchedTokens.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var token in result.Tokens)
        {
            if (optionLike.Contains(token))
            {
                return UnknownOption(result.CommandResult, token.Value);
            }

            if (token.Type == TokenType.Argument && unmatched.TryGetValue(token.Value, out var count) && count > 0)
            {
                var command = result.CommandResult.Command;
                return LooksLikeOption(token.Value) && !literal.Contains(token) ? UnknownOption(result.CommandResult, token.Value)
                    : command.Subcommands.Count > 0 ? UnknownCommand(result.CommandResult, token.Value)
                    : $"unexpected argument \"{token.Value}\"";
            }
        }

        return null;
    }

    /// <summary>
    /// A mistyped pprof-style flag the parser split as a short option and its value (-nodecnt=3 as -n "odecnt=3"):
    /// the unknown option, when the whole word was given and either has '=' or is close to a known option.
    /// </summary>
    private static string? Unbundled(CommandResult command, OptionResult option, IReadOnlyList<string> args)
    {
        if (option.IdentifierToken is not { Value: { Length: 2 } shortName } || option.Tokens.Count != 1 || option.Tokens[0].Value is not { Length: > 0 } value || !char.IsAsciiLetter(value[0]))
        {
            return null;
        }

        var word = shortName + value;
        if (!args.Contains(word, StringComparer.Ordinal))
        {
            return null;
        }

        return word.Contains('=', StringComparison.Ordinal) || Suggestions.Closest(Spelled(word), KnownOptions(command)) is not null ? UnknownOption(command, word) : null;
    }

    private static string UnknownOption(CommandResult command, string token)
    {
        var name = OptionName(token);
        return $"unknown option \"{name}\"" + DidYouMean(Suggestions.Closest(Spelled(name), KnownOptions(command)));
    }

    private static string OptionName(string token)
    {
        var eq = token.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 ? token[..eq] : token;
    }

    /// <summary>Compared with two dashes, as the names are: a pprof-style -nodecnt is meant as --nodecount.</summary>
    private static string Spelled(string token)
    {
        var name = OptionName(token);
        return name.Length > 2 ? "--" + name.TrimStart('-') : name;
    }

    private static List<string> KnownOptions(CommandResult command)
    {
        var known = new List<string>();
        for (SymbolResult? c = command; c is CommandResult result; c = result.Parent)
        {
            foreach (var option in result.Command.Options)
            {
                if (!option.Hidden && (result == command || option.Recursive))
                {
                    known.Add(option.Name);
                    known.AddRange(option.Aliases);
                }
            }
        }

        return known;
    }

    private static string UnknownCommand(CommandResult command, string token)
    {
        // "gc stat" under gomem gc: the path without the root's name.
        var path = CommandPath(command);
        var prefix = command.Parent is CommandResult ? path[(path.IndexOf(' ', StringComparison.Ordinal) + 1)..] + " " : "";
        var visible = command.Command.Subcommands.Where(c => !c.Hidden).ToList();
        var meant = Suggestions.Closest(token, visible.SelectMany(c => c.Aliases.Prepend(c.Name)));
        meant ??= ElsewhereInTree(Root(command), token, "");
        return $"unknown command \"{prefix}{token}\"" + DidYouMean(meant is null ? null : (meant.Contains(' ', StringComparison.Ordinal) ? meant : prefix + meant));
    }

    /// <summary>A command of that exact name under another group (`gomem compare` for `gomem bench compare`), as its path.</summary>
    private static string? ElsewhereInTree(Command command, string name, string path)
    {
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            var subPath = path.Length == 0 ? sub.Name : path + " " + sub.Name;
            if (path.Length > 0 && sub.Name == name)
            {
                return subPath;
            }

            if (ElsewhereInTree(sub, name, subPath) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static Command Root(CommandResult command)
    {
        var root = command;
        while (root.Parent is CommandResult parent)
        {
            root = parent;
        }

        return root.Command;
    }

    /// <summary>"missing argument &lt;new&gt;", or how many values an argument still needs.</summary>
    private static string? MissingArguments(ParseResult result)
    {
        var missing = new List<string>();
        foreach (var error in result.Errors)
        {
            if (error.SymbolResult is ArgumentResult { Argument.Arity.MinimumNumberOfValues: var min } argument && argument.Tokens.Count < min)
            {
                if (argument.Tokens.Count > 0)
                {
                    return $"<{argument.Argument.Name}> needs {min} values, got {argument.Tokens.Count}";
                }

                missing.Add($"<{argument.Argument.Name}>");
            }
        }

        return missing.Count switch
        {
            0 => null,
            1 => $"missing argument {missing[0]}",
            _ => $"missing arguments {string.Join(", ", missing[..^1])} and {missing[^1]}",
        };
    }

    /// <summary>An option without its value, with too many, with one not among its choices, or not a number.</summary>
    private static string? BadValue(OptionResult result)
    {
        var option = result.Option;
        var name = result.IdentifierToken?.Value ?? option.Name;
        if (result.Tokens.Count == 0)
        {
            return option.Arity.MinimumNumberOfValues > 0 ? $"{name} needs a value" : null;
        }

        if (result.Tokens.Count > option.Arity.MaximumNumberOfValues)
        {
            // Given more than once, perhaps as -f and --format: the option's own name.
            return $"{option.Name} takes one value, given {string.Join(" and ", result.Tokens.Select(t => $"\"{t.Value}\""))}";
        }

        var value = result.Tokens[0].Value;
        var choices = option.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
        if (choices.Count > 0 && !choices.Contains(value, StringComparer.Ordinal))
        {
            return $"{name}: \"{value}\" is not one of {string.Join(", ", choices)}" + DidYouMean(Suggestions.Closest(value, choices));
        }

        return NumberKind(option) is { } kind && !IsNumber(value, kind == "a whole number") ? $"{name}: \"{value}\" is not {kind}" : null;
    }

    /// <summary>What a numeric option takes, in words; null for other options and for those that parse their value themselves.</summary>
    private static string? NumberKind(Option option) => option switch
    {
        Option<int> { CustomParser: null } or Option<int?> { CustomParser: null } or Option<long> { CustomParser: null } or Option<long?> { CustomParser: null } => "a whole number",
        Option<double> { CustomParser: null } or Option<double?> { CustomParser: null } => "a number",
        _ => null,
    };

    private static bool IsNumber(string text, bool whole) =>
        whole ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>An option's spelling: a dash and a letter or a word, not "-" (standard input) nor a negative number.</summary>
    private static bool LooksLikeOption(string token) => token.Length > 1 && token[0] == '-' && !char.IsAsciiDigit(token[1]) && token[1] != '.';

    private static string DidYouMean(string? meant) => meant is null ? "" : $"; did you mean \"{meant}\"?";

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
