using System.Text.Json;
using GoMem.Tests.Gc;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Gc;

/// <summary><c>gomem gc tune</c>: goldens for a manifest and a traced container, cgroup input, and bad input.</summary>
public sealed class GcTuneCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-tune-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_manifest_gets_advice_per_container_matching_golden()
    {
        var result = GoMemCli.RunIn(Path.Combine(GcFixtures.Dir, "k8s"), "gc", "tune", "--k8s", "services.yaml");

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("gc", "tune.k8s.txt"), result.Stdout.Replace(Path.Combine(GcFixtures.Dir, "k8s") + "/", "", StringComparison.Ordinal));
    }

    [Fact]
    public void A_traced_container_as_json_matches_golden()
    {
        var result = GoMemCli.RunIn(GcFixtures.Dir, "gc", "tune", "--limit", "300Mi", "--requests", "100Mi", "--trace", "steady.log", "--goal", "throughput", "--memory-swap", "unset", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("gc", "tune.trace.json"), result.Stdout);
        var container = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("containers")[0];
        Assert.Equal(8, container.GetProperty("candidates").GetArrayLength());
        Assert.Contains("GOMEMLIMIT=", container.GetProperty("env")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_the_limit_and_swap_of_a_cgroup_v2_directory()
    {
        File.WriteAllText(Path.Combine(_dir, "cgroup.controllers"), "cpu memory pids\n");
        File.WriteAllText(Path.Combine(_dir, "memory.max"), "536870912\n");
        File.WriteAllText(Path.Combine(_dir, "memory.swap.max"), "max\n");
        File.WriteAllText(Path.Combine(_dir, "memory.current"), "104857600\n");
        var result = GoMemCli.Run("gc", "tune", "--cgroup", _dir, "--format", "json");

        Assert.Equal("", result.Stderr);
        var container = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("containers")[0];
        Assert.Equal(536870912, container.GetProperty("limitBytes").GetInt64());
        Assert.Equal("unlimited", container.GetProperty("swap").GetString());
        Assert.Contains(container.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "swap");
    }

    [Fact]
    public void Vars_and_status_measure_the_reserve()
    {
        var snapshot = Path.Combine(RepoPaths.TestData, "cgoleak");
        var result = GoMemCli.RunIn(snapshot, "gc", "tune", "--limit", "1Gi", "--vars", "vars.2.json", "--status", "status.2.txt", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var container = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("containers")[0];
        Assert.Contains("RSS", container.GetProperty("gomemlimitRule").GetString(), StringComparison.Ordinal);

        // The cgo leak holds ~100 MiB outside Go, so GOMEMLIMIT leaves more than the 90% rule's 10%.
        Assert.True(container.GetProperty("gomemlimitBytes").GetInt64() < (1L << 30) * 0.9);
    }

    /// <summary>Go 1.20 kept 1 MiB of headroom under the limit, not 3%: the candidates the limit steers may grow a little higher.</summary>
    [Fact]
    public void An_older_go_release_replays_with_its_own_limit_headroom()
    {
        double OffPeak(params string[] go) => JsonDocument.Parse(GoMemCli.RunIn(GcFixtures.Dir, ["gc", "tune", "--limit", "300Mi", "--trace", "steady.log", "--format", "json", .. go]).Stdout)
            .RootElement.GetProperty("containers")[0].GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("gogc").GetString() == "off").GetProperty("peakHeapBytes").GetDouble();

        // GOMEMLIMIT=270MiB less 10% non-heap leaves 243 MiB: the goal is 3% below it now, 1 MiB below it in Go 1.20.
        Assert.Equal((243.0 - 1) / (243 * 0.97), OffPeak("--go", "1.20") / OffPeak(), 2);
    }

    [Fact]
    public void A_go_release_without_gomemlimit_is_told_to_upgrade()
    {
        var result = GoMemCli.Run("gc", "tune", "--limit", "1Gi", "--go", "1.18");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("needs Go 1.19 or later", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gc", "tune")]
    [InlineData("gc", "tune", "--limit", "1Gi", "--k8s", "x.yaml")]
    [InlineData("gc", "tune", "--limit", "lots")]
    [InlineData("gc", "tune", "--limit", "1Gi", "--status", "s.txt")]
    public void Contradictory_or_missing_options_are_usage_errors(params string[] args) =>
        Assert.Equal(2, GoMemCli.Run(args).ExitCode);

    [Fact]
    public void A_trace_too_short_to_replay_is_bad_input()
    {
        var result = GoMemCli.Run("gc", "tune", "--limit", "1Gi", "--trace", Path.Combine(GcFixtures.Dir, "published", "go1.19-forced.log"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("at least 4", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_without_workloads_is_bad_input()
    {
        var path = Path.Combine(_dir, "svc.yaml");
        File.WriteAllText(path, "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n");
        var result = GoMemCli.Run("gc", "tune", "--k8s", path);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("svc.yaml", result.Stderr, StringComparison.Ordinal);
    }

    // YamlDotNet's scanner throws InvalidOperationException on the first two (an unclosed flow mapping whose plain
    // scalar runs onto the next line), which crashed with exit 70; every malformed manifest is one line with its line.
    [Theory]
    [InlineData("a: {b: \nc: d\n", 2)]
    [InlineData("kind: Deployment\nspec: {template: \n  x: y\n", 3)]
    [InlineData("a: [b, \n", 1)]
    [InlineData("a: b\n- c\n", 2)]
    public void Malformed_yaml_is_one_line_naming_file_and_line(string yaml, int line)
    {
        var path = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(path, yaml);
        var result = GoMemCli.Run("gc", "tune", "--k8s", path);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"gomem: {path}:{line}: not valid YAML: ", result.Stderr, StringComparison.Ordinal);
    }
}
