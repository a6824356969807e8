using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Bench;

/// <summary>
/// NaN and infinities in benchmark files mean the same in every bench command: the result line is left out, with a
/// one-line warning on stderr, and the rest is used as if the line were not there; a file left with no result is bad
/// input (exit 3, one line). Before, compare crashed (exit 70), record could not store NaN (exit 70) and gate's U-test
/// looped until memory ran out. Fixtures: testdata/bench-fidelity (handcrafted).
/// </summary>
public sealed class BenchNonFiniteValuesTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("gomem-nonfinite-");

    private static string Fixture(string name) => Path.Combine(RepoPaths.TestData, "bench-fidelity", name);

    private static string Warning(string file, int line, string value, string unit) =>
        $"gomem: {Fixture(file)}:{line}: benchmark BenchmarkParse-2: value \"{value}\" {unit} is not a finite number; line left out\n";

    public void Dispose() => _directory.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Gate_on_a_run_whose_only_value_is_NaN_is_bad_input_in_one_line()
    {
        var old = Write("old.txt", "BenchmarkA-2 100 5 ns/op\n");
        var @new = Write("new.txt", "BenchmarkA-2 100 NaN ns/op\n");
        var result = GoMemCli.Run("bench", "gate", old, @new);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal($"gomem: {@new}:1: no benchmark result lines with finite values (line 1: benchmark BenchmarkA-2: value \"NaN\" ns/op is not a finite number)\n", result.Stderr);
    }

    [Fact]
    public void Gate_uses_the_finite_lines_and_warns_about_the_others()
    {
        var result = GoMemCli.Run("bench", "gate", "old=" + Fixture("base.txt"), "new=" + Fixture("nan.txt"), "--format", "json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Warning("nan.txt", 6, "NaN", "ns/op"), result.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        Assert.All(json.RootElement.GetProperty("checks").EnumerateArray(), c => Assert.NotEqual("regression", c.GetProperty("status").GetString()));
    }

    [Fact]
    public void Record_stores_the_finite_lines_and_history_reads_them_back()
    {
        var store = Path.Combine(_directory.FullName, "gomem.db");
        var result = GoMemCli.Run("bench", "record", Fixture("spellings.txt"), "--commit", "c1", "--branch", "main", "--time", "2026-11-01T10:00:00Z", "--store", store, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(5, result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        Assert.Equal(2, json.RootElement.GetProperty("results").GetInt32());
        Assert.Equal(4, json.RootElement.GetProperty("values").GetInt32());

        var history = GoMemCli.Run("bench", "history", "--store", store, "--format", "json");
        Assert.Equal(0, history.ExitCode);
        Assert.DoesNotContain("NaN", history.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", history.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Scaling_leaves_the_line_out_like_the_other_commands()
    {
        var text = string.Concat(new[] { 16, 256, 4096 }.Select(n => $"BenchmarkSum/n={n}-2 100 {n * 2} ns/op\n")) + "BenchmarkSum/n=65536-2 100 +Inf ns/op\n";
        var path = Write("scaling.txt", text);
        var result = GoMemCli.Run("bench", "scaling", path, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"gomem: {path}:4: benchmark BenchmarkSum/n=65536-2: value \"+Inf\" ns/op is not a finite number; line left out\n", result.Stderr);
        Assert.DoesNotContain("65536", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Past_the_first_five_lines_left_out_only_a_count_is_printed()
    {
        var path = Write("many.txt", string.Concat(Enumerable.Repeat("BenchmarkA-2 100 NaN ns/op\n", 8)) + "BenchmarkA-2 100 3 ns/op\n");
        var result = GoMemCli.Run("bench", "compare", path);
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        Assert.Equal(6, lines.Length);
        Assert.Equal($"gomem: {path}: 3 more result lines left out (a value is NaN, an infinity or out of range)", lines[^1]);
    }
}
