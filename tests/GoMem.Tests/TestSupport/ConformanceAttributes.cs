namespace GoMem.Tests.TestSupport;

/// <summary>
/// Why a test that reads the peer projects' conformance corpus (pprof's and benchstat's test data with their golden
/// outputs, in ../shared/conformance beside the checkout) is skipped on a clone that does not have it: counted as
/// skipped, with the reason, never failed. CI has the corpus, so there these tests run.
/// </summary>
internal static class ConformanceCorpus
{
    public static string? SkipReason { get; } = Directory.Exists(RepoPaths.Conformance)
        ? null
        : "needs the conformance corpus (../shared/conformance beside the checkout; CI has it)";
}

/// <summary>A fact that reads the conformance corpus: skipped, with the reason, when the corpus is not there.</summary>
public sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute() => Skip = ConformanceCorpus.SkipReason;
}

/// <summary>A theory whose cases come from the conformance corpus: skipped, with the reason, when it is not there.</summary>
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    public ConformanceTheoryAttribute() => Skip = ConformanceCorpus.SkipReason;
}

/// <summary>
/// The reference benchstat binary (../shared/tools/benchstat/benchstat beside the checkout), used only to check that
/// committed expectations are still what benchstat prints; never a dependency of GoMem.
/// </summary>
internal static class ReferenceBenchstat
{
    public static string Path { get; } = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoPaths.Root, "..", "shared", "tools", "benchstat", "benchstat"));

    public static string? SkipReason { get; } = File.Exists(Path)
        ? null
        : "needs the reference benchstat (../shared/tools/benchstat/benchstat beside the checkout)";
}

/// <summary>A fact that runs the reference benchstat: skipped, with the reason, when it is not there.</summary>
public sealed class BenchstatFactAttribute : FactAttribute
{
    public BenchstatFactAttribute() => Skip = ReferenceBenchstat.SkipReason;
}

/// <summary>A theory that runs the reference benchstat: skipped, with the reason, when it is not there.</summary>
public sealed class BenchstatTheoryAttribute : TheoryAttribute
{
    public BenchstatTheoryAttribute() => Skip = ReferenceBenchstat.SkipReason;
}
