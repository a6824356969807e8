using System.Text.Json;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Bench;

/// <summary>
/// compare on the real example runs (testdata/bench-alloc, from examples/bench/capture.sh): the memory tables must
/// show a change for ParseRecord and for nothing else; the go test -json stream must read like the text.
/// </summary>
public class BenchCompareExamplesTests
{
    private static readonly string V1 = "v1=" + RepoPaths.Scenario("bench-alloc", "v1.txt");
    private static readonly string V2 = "v2=" + RepoPaths.Scenario("bench-alloc", "v2.txt");

    [Theory]
    [InlineData("B/op", 64.0)]
    [InlineData("allocs/op", 2.0)]
    public void Only_ParseRecord_changes_memory(string unit, double newValue)
    {
        using var json = JsonDocument.Parse(GoMemCli.Run("bench", "compare", V1, V2, "--format", "json").Stdout);
        var table = json.RootElement.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("unit").GetString() == unit);
        foreach (var row in table.GetProperty("rows").EnumerateArray())
        {
            var name = row.GetProperty("name").GetString();
            var cells = row.GetProperty("cells");
            var changed = cells[0].GetProperty("center").GetDouble() != cells[1].GetProperty("center").GetDouble();
            Assert.Equal(name == "ParseRecord-2", changed);
            if (changed)
            {
                Assert.Equal(0.0, cells[0].GetProperty("center").GetDouble());
                Assert.Equal(newValue, cells[1].GetProperty("center").GetDouble());
                Assert.True(cells[1].GetProperty("vsBase").GetProperty("significant").GetBoolean());
            }
            else
            {
                Assert.Equal("~", cells[1].GetProperty("vsBase").GetProperty("text").GetString());
            }
        }
    }

    [Fact]
    public void ParseRecord_is_significantly_slower()
    {
        var text = GoMemCli.Run("bench", "compare", V1, V2).Stdout;
        var line = text.Split('\n').First(l => l.StartsWith("ParseRecord-2", StringComparison.Ordinal));
        Assert.Matches(@"\+\d+\.\d\d% \(p=0\.000 n=10\)", line);
    }

    [Fact]
    public void Gzipped_go_test_json_stream_reads_the_same_benchmarks()
    {
        var result = GoMemCli.Run("bench", "compare", "--format", "json", RepoPaths.Scenario("bench-alloc", "v2.json.gz"));
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var allocs = json.RootElement.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("unit").GetString() == "allocs/op");
        var names = allocs.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Equal(["ParseRecord-2", "Checksum-2", "JoinFields-2", "CountWords-2"], names);
        Assert.Equal(2.0, allocs.GetProperty("rows")[0].GetProperty("cells")[0].GetProperty("center").GetDouble());
        Assert.Equal(2, allocs.GetProperty("rows")[0].GetProperty("cells")[0].GetProperty("n").GetInt32());
    }
}
