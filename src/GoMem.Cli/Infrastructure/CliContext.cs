namespace GoMem.Cli.Infrastructure;

/// <summary>
/// Where a command writes, in which time zone it shows times, and whether standard output and input are a person's
/// terminal (and whether standard error is, for progress shown in place): injected so tests run commands in process.
/// </summary>
internal sealed record CliContext(TextWriter Stdout, TextWriter Stderr, TimeZoneInfo? FixedTimeZone = null, bool StdoutIsTerminal = false, bool StdinIsTerminal = false, bool StderrIsTerminal = false)
{
    /// <summary>The fixed zone if given, UTC under GOMEM_TZ=UTC, else the machine's local zone (as pprof).</summary>
    public TimeZoneInfo TimeZone => FixedTimeZone ?? (Environment.GetEnvironmentVariable("GOMEM_TZ") == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.Local);
}
