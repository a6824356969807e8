using System.CommandLine;

namespace GoMem.Cli.Infrastructure.Completion;

/// <summary>
/// Shell completion without dotnet-suggest, so the native binary completes too: <c>gomem completion SHELL</c> prints a
/// script (bash, zsh, fish) whose function runs <c>gomem __complete WORDS...</c> with the words typed after gomem, the
/// last one the word being completed ("" for a new word), and offers the lines it prints. The candidates are
/// System.CommandLine's own (<see cref="ParseResult.GetCompletions"/>): subcommands, options, and the fixed values of
/// options and arguments. Options are offered once a dash is typed; where nothing is offered the scripts fall back to
/// file names.
/// </summary>
internal static class ShellCompletion
{
    /// <summary>The hidden first argument the scripts call gomem with.</summary>
    public const string Protocol = "__complete";

    public static IReadOnlyList<string> Shells { get; } = ["bash", "zsh", "fish"];

    /// <summary>The script for <paramref name="shell"/> (one of <see cref="Shells"/>).</summary>
    public static string Script(string shell)
    {
        using var stream = typeof(ShellCompletion).Assembly.GetManifestResourceStream("completion." + shell)
            ?? throw new InvalidOperationException("no completion script for " + shell);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Writes the candidates for the last of <paramref name="words"/>, one per line.</summary>
    public static int Complete(Command root, IReadOnlyList<string> words, TextWriter stdout)
    {
        var (typed, current, prefix) = Split(words);
        if (root.Parse([.. typed]).UnmatchedTokens.Count > 0)
        {
            // After a word gomem does not know (a misspelt command), nothing it could offer would be right.
            return ExitCodes.Success;
        }

        var line = string.Join(' ', typed.Select(Quoted).Prepend(root.Name).Append(current));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in root.Parse(line).GetCompletions(line.Length))
        {
            var candidate = item.InsertText ?? item.Label;
            if (candidate.StartsWith(current, StringComparison.Ordinal) && Offered(candidate, current) && seen.Add(candidate))
            {
                stdout.WriteLine(prefix + candidate);
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// The words before the one being completed, that word, and what to put back in front of each candidate. bash splits
    /// "--format=js" into "--format", "=", "js" (the "=" dropped here; it completes "js"); zsh and fish pass the word
    /// whole ("--format=" is put back in front of the values).
    /// </summary>
    private static (List<string> Typed, string Current, string Prefix) Split(IReadOnlyList<string> words)
    {
        var all = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == "=" && i > 0 && words[i - 1].StartsWith('-'))
            {
                if (i == words.Count - 1)
                {
                    all.Add("");
                }

                continue;
            }

            all.Add(words[i]);
        }

        var current = all.Count > 0 ? all[^1] : "";
        var typed = all.Count > 0 ? all[..^1] : all;
        var eq = current.IndexOf('=', StringComparison.Ordinal);
        if (current.StartsWith("--", StringComparison.Ordinal) && eq > 0)
        {
            typed.Add(current[..eq]);
            return (typed, current[(eq + 1)..], current[..(eq + 1)]);
        }

        return (typed, current, "");
    }

    /// <summary>Long options once a dash is typed; never the short spellings (-h, -?, /?), which say nothing in a list.</summary>
    private static bool Offered(string candidate, string current) =>
        candidate.StartsWith("--", StringComparison.Ordinal) ? current.StartsWith('-')
        : !candidate.StartsWith('-') && !candidate.StartsWith('/');

    /// <summary>A typed word as the command-line text System.CommandLine splits again: quoted when it has a space.</summary>
    private static string Quoted(string word) => word.Length == 0 || word.Contains(' ', StringComparison.Ordinal) ? $"\"{word}\"" : word;
}
