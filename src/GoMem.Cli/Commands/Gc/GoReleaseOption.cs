using System.CommandLine;
using System.Globalization;
using GoMem.Cli.Infrastructure;
using GoMem.Gc.WhatIf;

namespace GoMem.Cli.Commands.Gc;

/// <summary><c>--go 1.20</c>: the Go release whose pacer a replay follows (gc whatif, gc tune).</summary>
internal static class GoReleaseOption
{
    public static Option<string?> Create() => new("--go")
    {
        Description = "The Go release the program runs (e.g. 1.20), where pacers differ: before 1.21 the memory limit kept 1 MiB of headroom, not 3%. Default: current Go.",
    };

    /// <summary>The minor version of a release written 1.20, 1.20.3 or go1.20; null when not given.</summary>
    public static int? Read(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = (text.StartsWith("go", StringComparison.OrdinalIgnoreCase) ? text[2..] : text).Split('.');
        if (parts.Length is < 2 or > 3 || parts[0] != "1" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor) || minor > 1000)
        {
            throw new UsageException($"--go must be a Go release such as 1.20 or go1.22.3 (got '{text}')");
        }

        return minor;
    }

    /// <summary>GOMEMLIMIT arrived in Go 1.19: a limit for an older release is a mistake worth one clear line.</summary>
    public static void RequireMemoryLimitSupport(int? minor, string what)
    {
        if (minor is < PacerSettings.FirstGoMinorWithMemoryLimit)
        {
            throw new UsageException($"{what} needs Go 1.{PacerSettings.FirstGoMinorWithMemoryLimit} or later (GOMEMLIMIT arrived in Go 1.{PacerSettings.FirstGoMinorWithMemoryLimit}); --go says 1.{minor}");
        }
    }
}
