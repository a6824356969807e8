using GoMem.IO;

namespace GoMem.RuntimeStats;

/// <summary>
/// Caps for the runtime-statistics parsers. Real inputs are tiny (a /debug/vars page is a few KB, a Go service's
/// /metrics a few thousand samples, /proc and cgroup files under a hundred lines); the defaults leave a wide margin
/// while keeping a hostile or mistaken input (a 50 MB one-line JSON, a federation dump of millions of series) bounded.
/// </summary>
public sealed record RuntimeStatsLimits
{
    public static RuntimeStatsLimits Default { get; } = new();

    /// <summary>Largest file accepted by the <c>ParseFile</c> helpers, after gzip inflation, in bytes.</summary>
    public long MaxInputBytes { get; init; } = 256L << 20;

    /// <summary>Largest expvar JSON document, in bytes (the parser holds it whole).</summary>
    public int MaxJsonBytes { get; init; } = 32 << 20;

    /// <summary>Deepest JSON nesting accepted in an expvar document.</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>Most top-level variables in an expvar document.</summary>
    public int MaxExpvarVariables { get; init; } = 100_000;

    /// <summary>Longest text line, in bytes, for the Prometheus, /proc and cgroup parsers.</summary>
    public int MaxLineBytes { get; init; } = 1 << 20;

    /// <summary>Most samples in one Prometheus/OpenMetrics exposition.</summary>
    public int MaxSamples { get; init; } = 1_000_000;

    /// <summary>Most metric families in one exposition.</summary>
    public int MaxFamilies { get; init; } = 100_000;

    /// <summary>Most labels on one sample (or one exemplar).</summary>
    public int MaxLabelsPerSample { get; init; } = 128;

    /// <summary>Most lines in a /proc or cgroup file (mountinfo on a busy host has a few thousand).</summary>
    public int MaxKeyValueLines { get; init; } = 100_000;

    /// <summary>The <see cref="InputLimits"/> used when these parsers open files themselves.</summary>
    internal InputLimits InputLimits => new() { MaxInflatedBytes = MaxInputBytes };
}
