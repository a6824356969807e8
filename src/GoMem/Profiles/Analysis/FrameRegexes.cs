using System.Text.RegularExpressions;

namespace GoMem.Profiles.Analysis;

/// <summary>
/// The compiled frame filters of a report. Patterns are unanchored searches, as Go's regexp.MatchString, and
/// run on the non-backtracking engine (RE2-like linear time), so a pattern cannot hang on a hostile name.
/// </summary>
internal sealed class FrameRegexes
{
    public Regex? Focus { get; private init; }
    public Regex? Ignore { get; private init; }
    public Regex? Hide { get; private init; }
    public Regex? Show { get; private init; }
    public Regex? ShowFrom { get; private init; }

    public static FrameRegexes From(ReportOptions options) => new()
    {
        Focus = Compile(nameof(ReportOptions.Focus), options.Focus),
        Ignore = Compile(nameof(ReportOptions.Ignore), options.Ignore),
        Hide = Compile(nameof(ReportOptions.Hide), options.Hide),
        Show = Compile(nameof(ReportOptions.Show), options.Show),
        ShowFrom = Compile(nameof(ReportOptions.ShowFrom), options.ShowFrom),
    };

    public static Regex? Compile(string option, string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new GoMem.IO.InvalidSettingException(option, $"parsing regexp \"{pattern}\": {e.Message}", e);
        }
    }
}
