namespace GoMem.Cli.Infrastructure;

/// <summary>Where a command writes: injected so tests run commands in process and read their output.</summary>
internal sealed record CliContext(TextWriter Stdout, TextWriter Stderr)
{
    /// <summary>Time zone for human-readable times; UTC under GOMEM_TZ=UTC (used by tests and golden files).</summary>
    public TimeZoneInfo TimeZone => Environment.GetEnvironmentVariable("GOMEM_TZ") == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.Local;
}
