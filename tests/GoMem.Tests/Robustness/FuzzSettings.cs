using System.Globalization;

namespace GoMem.Tests.Robustness;

/// <summary>
/// The budget of a run. CI uses the fixed defaults (the same cases every run); scripts/fuzz.sh sets the variables:
/// GOMEM_FUZZ_ITERATIONS (cases per parser), GOMEM_FUZZ_SEED (which cases), GOMEM_FUZZ_RESULTS (where failing
/// inputs and summaries go), GOMEM_FUZZ_HUGE=1 (megabyte mutations and gzip bombs of empty lines),
/// GOMEM_FUZZ_TIMEOUT (seconds one case may take before it counts as a hang), GOMEM_FUZZ_PARSERS (a comma-separated
/// list: the parsers this process runs, so the script can give each its own process), GOMEM_FUZZ_CASE (one case's
/// CsCheck seed, as a failure report prints it: that case alone is run).
/// </summary>
internal sealed record FuzzSettings
{
    /// <summary>The CI seed: fixed, so a CI failure is the same failure on every machine.</summary>
    public const long DefaultSeed = 20261117;

    public long Seed { get; init; } = DefaultSeed;

    /// <summary>Cases per parser; null: each target's own CI budget.</summary>
    public int? Iterations { get; init; }

    public bool Huge { get; init; }

    /// <summary>A hang detector, not a timing assertion: a case this slow is stuck or super-linear.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where failing inputs, their descriptions and each parser's summary are written.</summary>
    public string ResultsDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "gomem-fuzz-results");

    /// <summary>Whether a run was asked for by scripts/fuzz.sh (it then writes a summary per parser).</summary>
    public bool Campaign { get; init; }

    /// <summary>Managed heap beyond which a case is a runaway: the input is saved and the process stopped before the machine runs out.</summary>
    public long MaxHeapBytes { get; init; } = 6L << 30;

    /// <summary>The parsers to run; null: all.</summary>
    public IReadOnlySet<string>? Parsers { get; init; }

    /// <summary>One case to replay (a CsCheck seed string); null: the budget's cases.</summary>
    public string? OnlyCase { get; init; }

    public int IterationsFor(FuzzTarget target) => Iterations ?? target.CiIterations;

    public bool Runs(FuzzTarget target) => Parsers is null || Parsers.Contains(target.Name);

    public static FuzzSettings FromEnvironment()
    {
        var settings = new FuzzSettings();
        if (Number("GOMEM_FUZZ_SEED") is { } seed)
        {
            settings = settings with { Seed = seed };
        }

        if (Number("GOMEM_FUZZ_ITERATIONS") is { } iterations)
        {
            settings = settings with { Iterations = (int)Math.Clamp(iterations, 1, int.MaxValue), Campaign = true };
        }

        if (Number("GOMEM_FUZZ_TIMEOUT") is { } timeout)
        {
            settings = settings with { Timeout = TimeSpan.FromSeconds(Math.Max(1, timeout)) };
        }

        if (Environment.GetEnvironmentVariable("GOMEM_FUZZ_RESULTS") is { Length: > 0 } results)
        {
            settings = settings with { ResultsDirectory = Path.GetFullPath(results), Campaign = true };
        }

        if (Environment.GetEnvironmentVariable("GOMEM_FUZZ_PARSERS") is { Length: > 0 } parsers)
        {
            settings = settings with { Parsers = parsers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) };
        }

        if (Environment.GetEnvironmentVariable("GOMEM_FUZZ_CASE") is { Length: > 0 } only)
        {
            settings = settings with { OnlyCase = only };
        }

        return settings with { Huge = Environment.GetEnvironmentVariable("GOMEM_FUZZ_HUGE") == "1" };
    }

    private static long? Number(string variable)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"{variable}={text} is not a whole number");
    }
}
