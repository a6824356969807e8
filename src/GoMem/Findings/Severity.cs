namespace GoMem.Findings;

/// <summary>How much a <see cref="Finding"/> matters, least first.</summary>
public enum Severity
{
    Info,
    Warning,
    Critical,
}

/// <summary>How a severity is written, the same in every report.</summary>
public static class SeverityText
{
    /// <summary>For machines and style classes: "info", "warning", "critical".</summary>
    public static string Name(this Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.Warning => "warning",
        _ => "info",
    };

    /// <summary>The severity a <see cref="Name"/> stands for (as stores keep it); an unknown name is Info.</summary>
    public static Severity Parse(string name) => name switch
    {
        "critical" => Severity.Critical,
        "warning" => Severity.Warning,
        _ => Severity.Info,
    };

    /// <summary>For the text reports: upper case, padded to one width so the codes line up ("WARNING ", "CRITICAL").</summary>
    public static string Label(this Severity severity) => severity.Name().ToUpperInvariant().PadRight(8);
}
