namespace GoMem.IO;

/// <summary>
/// A caller's setting for an analysis is unusable (a focus pattern that is not a regular expression, a sample type
/// the profile does not have, a filter that does not parse). <see cref="Setting"/> is the library's own name for it
/// (the options property, e.g. <c>Focus</c>), never a command-line flag: each front end maps it to what its user
/// typed. Bad data is <see cref="BadInputException"/>; this is the caller's choice.
/// </summary>
public sealed class InvalidSettingException(string setting, string problem, Exception? inner = null)
    : ArgumentException($"{setting}: {problem}", inner)
{
    public string Setting { get; } = setting;

    public string Problem { get; } = problem;
}
