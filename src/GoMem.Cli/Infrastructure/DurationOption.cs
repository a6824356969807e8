using System.CommandLine.Parsing;
using GoMem.IO;

namespace GoMem.Cli.Infrastructure;

/// <summary>A duration option in Go's syntax (500ms, 10s, 1m30s, 2h; a bare number is seconds): the value, or one usage line.</summary>
internal static class DurationOption
{
    private const string Examples = "(e.g. 500ms, 10s, 1m30s, 2h)";

    public static TimeSpan Parse(string text, string option) =>
        GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw new UsageException($"{option}: \"{text}\" is not a duration {Examples}");

    /// <summary>A System.CommandLine parser for an option kept in seconds: a bad value is a parse error naming the option.</summary>
    public static double Seconds(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : "";
        if (GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value.TotalSeconds;
        }

        result.AddError($"{(result.Parent as OptionResult)?.Option.Name ?? "duration"}: \"{text}\" is not a duration {Examples}");
        return 0;
    }
}
