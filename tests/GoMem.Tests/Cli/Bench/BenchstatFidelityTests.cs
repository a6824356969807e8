using System.Diagnostics;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Bench;

/// <summary>
/// `gomem bench compare` on the handcrafted files of testdata/bench-fidelity against benchstat's output on them
/// (committed as *.benchstat.txt): byte for byte on stdout. Where the reference benchstat is there, a second set of
/// tests checks that those files are still exactly what it prints.
/// </summary>
public class BenchstatFidelityTests
{
    private static readonly string Directory = Path.Combine(RepoPaths.TestData, "bench-fidelity");

    /// <summary>Each case: the expected output file and benchstat's arguments (file names, or label=file, in the fixture folder).</summary>
    public static TheoryData<string, string[]> Cases() => new()
    {
        { "pkg-zeta-alpha.benchstat.txt", ["pkg-zeta.txt", "pkg-alpha.txt"] },
        { "cpu-spaces.benchstat.txt", ["cpu-spaces.txt"] },
        { "base-vs-out-of-range.benchstat.txt", ["old=base.txt", "new=out-of-range.txt"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compare_prints_what_benchstat_prints(string expected, string[] files)
    {
        var result = Compare(files);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(Directory, expected)), result.Stdout);
    }

    [Fact]
    public void Tables_follow_configuration_values_not_file_order()
    {
        var forward = Compare("pkg-zeta.txt", "pkg-alpha.txt").Stdout;
        var packages = forward.Split('\n').Where(l => l.StartsWith("pkg: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["pkg: example.com/alpha", "pkg: example.com/mid", "pkg: example.com/zeta"], packages);
    }

    [Fact]
    public void A_cpu_line_keeps_its_trailing_spaces_and_a_value_only_loses_what_follows_the_colon()
    {
        var output = Compare("cpu-spaces.txt").Stdout;
        Assert.Contains("cpu: Oxide Virtual Turin-like Processor             \n", output, StringComparison.Ordinal);
        Assert.Contains("cpu: Oxide Virtual Turin-like Processor\n", output, StringComparison.Ordinal);
        Assert.Contains("note: two\t\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_NaN_line_is_left_out_with_one_warning_and_the_rest_compares_as_benchstat_does_without_it()
    {
        var result = Compare("old=base.txt", "new=nan.txt");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(Directory, "base-vs-out-of-range.benchstat.txt")), result.Stdout);
        Assert.Equal($"gomem: {Path.Combine(Directory, "nan.txt")}:6: benchmark BenchmarkParse-2: value \"NaN\" ns/op is not a finite number; line left out\n", result.Stderr);
    }

    [Fact]
    public void Every_spelling_of_NaN_and_infinity_and_an_overflow_after_tidying_is_left_out()
    {
        var result = Compare("spellings.txt");
        Assert.Equal(0, result.ExitCode);
        var path = Path.Combine(Directory, "spellings.txt");
        Assert.Equal(
            [
                $"gomem: {path}:4: benchmark BenchmarkParse-2: value \"+Inf\" ns/op is not a finite number; line left out",
                $"gomem: {path}:5: benchmark BenchmarkParse-2: value \"-inf\" ns/op is not a finite number; line left out",
                $"gomem: {path}:6: benchmark BenchmarkParse-2: value \"Infinity\" B/op is not a finite number; line left out",
                $"gomem: {path}:7: benchmark BenchmarkParse-2: value \"nan\" ns/op is not a finite number; line left out",
                $"gomem: {path}:10: benchmark BenchmarkParse-2: value \"1e303\" MB/s is not a finite number; line left out",
            ],
            result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("NaN", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Inf", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Parse-2    13.50n ± ∞ ¹", result.Stdout, StringComparison.Ordinal);
    }

    [BenchstatTheory]
    [MemberData(nameof(Cases))]
    public void The_committed_expectations_are_what_the_reference_benchstat_prints(string expected, string[] files)
    {
        Assert.Equal(File.ReadAllText(Path.Combine(Directory, expected)), RunBenchstat(files));
    }

    [BenchstatFact]
    public void The_reference_benchstat_prints_the_NaN_case_as_gomem_does_once_the_NaN_line_is_gone()
    {
        var withoutNaN = Path.Combine(Path.GetTempPath(), "gomem-nan-dropped-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllLines(withoutNaN, File.ReadAllLines(Path.Combine(Directory, "nan.txt")).Where(l => !l.Contains("NaN", StringComparison.Ordinal)));
        try
        {
            Assert.Equal(Compare("old=base.txt", "new=nan.txt").Stdout, RunBenchstat(["old=base.txt", "new=" + withoutNaN]));
        }
        finally
        {
            File.Delete(withoutNaN);
        }
    }

    /// <summary>gomem with every file given as label=path, the label being what benchstat would name the column.</summary>
    private static CliResult Compare(params string[] files) =>
        GoMemCli.Run(["bench", "compare", .. files.Select(f => f.Contains('=', StringComparison.Ordinal)
            ? f[..(f.IndexOf('=', StringComparison.Ordinal) + 1)] + Path.Combine(Directory, f[(f.IndexOf('=', StringComparison.Ordinal) + 1)..])
            : f + "=" + Path.Combine(Directory, f))]);

    private static string RunBenchstat(string[] files)
    {
        var start = new ProcessStartInfo(ReferenceBenchstat.Path, files)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start benchstat");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "benchstat did not finish in a minute");
        _ = stderr.Result;
        return stdout;
    }
}
