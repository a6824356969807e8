using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace GoMem.Cli.Infrastructure;

/// <summary>
/// What <c>gomem --version</c> prints: "gomem 0.1.0 (commit 0e48371dad2b)". The version is the project's; the commit is
/// the source revision the SDK stamps into the informational version ("0.1.0+&lt;full sha&gt;") when it builds from git,
/// "unknown" when it built from sources without their history.
/// </summary>
internal static class ToolVersion
{
    private static readonly string Informational =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The version without build metadata: "0.1.0".</summary>
    public static string Version => Informational.Split('+')[0];

    /// <summary>The full commit hash the build was made from, or null when the build did not know it.</summary>
    public static string? Commit => Informational.Split('+') is [_, var sha, ..] && sha.Length >= 7 && sha.All(char.IsAsciiHexDigitLower) ? sha : null;

    /// <summary>"gomem 0.1.0 (commit 0e48371dad2b)": the commit abbreviated to 12 digits, as git shows it in logs.</summary>
    public static string Line => $"gomem {Version} (commit {(Commit is { } sha ? sha[..Math.Min(12, sha.Length)] : "unknown")})";

    /// <summary>Replaces the standard action of <c>--version</c> (which prints the raw informational version).</summary>
    public static void Install(Command root)
    {
        var version = root.Options.OfType<VersionOption>().Single();
        version.Action = new PrintVersion();
    }

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Line);
            return ExitCodes.Success;
        }
    }
}
