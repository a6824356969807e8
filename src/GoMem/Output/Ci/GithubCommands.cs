namespace GoMem.Output.Ci;

/// <summary>
/// Escaping for GitHub Actions workflow commands (<c>::error file=…,title=…::message</c>), as the runner decodes
/// them: a message may not carry raw newlines or percent signs, and a property value not ':' or ',' either.
/// </summary>
public static class GithubCommands
{
    /// <summary>A command's message.</summary>
    public static string Data(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A property value (file, title): also ':' and ','.</summary>
    public static string Property(string text) =>
        Data(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
