using System.Text;
using GoMem.Benchmarks;
using GoMem.Benchmarks.Parsing;
using GoMem.IO;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Benchmarks;

public class BenchmarkReaderTests
{
    private static BenchmarkFile Parse(string text, string name = "in.txt") =>
        BenchmarkReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), name, name);

    private static BadInputException Bad(string text) => Assert.Throws<BadInputException>(() => Parse(text));

    [Fact]
    public void Reads_config_results_any_units_and_the_procs_suffix()
    {
        var file = Parse("""
            goos: linux
            goarch: amd64
            pkg: example.com/x
            cpu: Intel(R) Xeon(R) CPU @ 2.20GHz
            BenchmarkEncode/format=json/n=16-8   	  690848	      1726 ns/op	  64 B/op	       2 allocs/op	 12.5 MB/s	 3.0 widgets/op
            PASS
            ok  	example.com/x	1.234s
            """);
        var result = Assert.Single(file.Results);
        Assert.Equal("Encode/format=json/n=16-8", result.FullName);
        Assert.Equal(690848, result.Iterations);
        Assert.Equal(["sec/op", "B/op", "allocs/op", "B/s", "widgets/op"], result.Values.Select(v => v.Unit));
        Assert.Equal(1726 * 1e-9, result.Values[0].Value);
        Assert.Equal(12.5e6, result.Values[3].Value);
        Assert.Equal("Intel(R) Xeon(R) CPU @ 2.20GHz", result.ConfigValue("cpu"));
        Assert.Equal("Encode", result.Name.Base);
        Assert.Equal("8", result.Name.Procs);
        Assert.Equal("json", result.Name.Get("format"));
        Assert.Equal("16", result.Name.Get("n"));
        Assert.Equal("Encode/n=16-8", result.Name.Without(["format"]));
        Assert.Equal(2, file.NoiseLines);
    }

    [Fact]
    public void Config_holds_until_changed_and_an_empty_value_deletes_it()
    {
        var file = Parse("""
            pkg: a
            note: first
            BenchmarkA 1 1 ns/op
            pkg: b
            note:
            BenchmarkB 1 1 ns/op
            """);
        Assert.Equal(["pkg=a", "note=first"], file.Results[0].Config.Select(c => c.Key + "=" + c.Value));
        Assert.Equal(["pkg=b"], file.Results[1].Config.Select(c => c.Key + "=" + c.Value));
    }

    [Fact]
    public void Unit_metadata_lines_are_read_with_tidied_units()
    {
        var file = Parse("Unit ns/op better=lower assume=nothing\nUnit text-bytes assume=exact\nBenchmarkA 1 1 text-bytes\n");
        Assert.Equal(["sec/op better=lower", "sec/op assume=nothing", "text-bytes assume=exact"], file.Units.Select(u => $"{u.Unit} {u.Key}={u.Value}"));
    }

    [Fact]
    public void Test_noise_is_skipped_and_counted()
    {
        var file = Parse("""
            === RUN   TestX
            --- PASS: TestX (0.00s)
            BenchmarkLogs
                bench_test.go:12: some log line
            --- BENCH: BenchmarkLogs-8
                bench_test.go:12: some log line
            panic: runtime error: index out of range [recovered]
            goroutine 1 [running]:
            BenchmarkLogs-8   	 100	  10 ns/op
            FAIL	example.com/x	0.1s
            exit status 2
            """);
        Assert.Single(file.Results);
        Assert.Equal(10, file.NoiseLines);
        Assert.Empty(file.Results[0].Config);
    }

    [Fact]
    public void Go_test_json_streams_are_joined_per_package_before_parsing()
    {
        var file = Parse("""
            {"Time":"2026-11-23T05:00:00Z","Action":"start","Package":"example.com/x"}
            {"Time":"2026-11-23T05:00:00Z","Action":"output","Package":"example.com/x","Output":"goos: linux\n"}
            {"Time":"2026-11-23T05:00:00Z","Action":"output","Package":"example.com/x","Output":"pkg: example.com/x\n"}
            {"Time":"2026-11-23T05:00:00Z","Action":"run","Package":"example.com/x","Test":"BenchmarkSum"}
            {"Time":"2026-11-23T05:00:00Z","Action":"output","Package":"example.com/x","Test":"BenchmarkSum","Output":"BenchmarkSum-2   \t"}
            {"Time":"2026-11-23T05:00:01Z","Action":"output","Package":"example.com/x","Test":"BenchmarkSum","Output":" 1000000\t      1051 ns/op\t       0 B/op\t       0 allocs/op\n"}
            {"Time":"2026-11-23T05:00:01Z","Action":"output","Package":"example.com/x","Output":"PASS\n"}
            {"Time":"2026-11-23T05:00:01Z","Action":"pass","Package":"example.com/x","Elapsed":1.2}
            """);
        Assert.True(file.WasGoTestJson);
        var result = Assert.Single(file.Results);
        Assert.Equal("Sum-2", result.FullName);
        Assert.Equal(1000000, result.Iterations);
        Assert.Equal("example.com/x", result.ConfigValue("pkg"));
        Assert.Equal(3, result.Values.Count);
    }

    [Fact]
    public void A_file_with_no_benchmark_line_is_bad_input()
    {
        var e = Bad("PASS\nok  \texample.com/x\t0.1s\n");
        Assert.Contains("no benchmark result lines", e.Message);
        Assert.StartsWith("in.txt:", e.Message);
    }

    [Fact]
    public void Empty_input_is_bad_input() => Assert.Contains("no benchmark result lines", Bad("").Message);

    [Fact]
    public void Odd_number_of_value_unit_fields_names_the_line()
    {
        var e = Bad("goos: linux\nBenchmarkA-8 100 12 ns/op 5\n");
        Assert.Equal(2, e.LineNumber);
        Assert.Contains("odd number of value/unit fields", e.Message);
    }

    [Fact]
    public void Non_numeric_value_names_the_line()
    {
        var e = Bad("BenchmarkA-8 100 12 ns/op\nBenchmarkA-8 100 twelve ns/op\n");
        Assert.Equal("in.txt:2: benchmark BenchmarkA-8: value \"twelve\" is not a number", e.Message);
    }

    [Fact]
    public void Unknown_unit_names_the_line()
    {
        var e = Bad("\n\nBenchmarkA-8 100 12 34\n");
        Assert.Equal(3, e.LineNumber);
        Assert.Contains("unknown unit \"34\"", e.Message);
    }

    [Fact]
    public void Non_integer_iteration_count_names_the_line() =>
        Assert.Contains("iteration count \"1e3\"", Bad("BenchmarkA 1e3 12 ns/op\n").Message);

    [Fact]
    public void Broken_go_test_json_names_the_line() =>
        Assert.Equal(2, Bad("{\"Action\":\"start\"}\n{\"Action\":\"output\",\"Output\":\"Bench\n").LineNumber);

    [Fact]
    public void Overlong_lines_are_refused_without_reading_them_whole()
    {
        var limits = new BenchmarkLimits { MaxLineBytes = 1024 };
        var text = "BenchmarkA 1 " + new string('1', 5000) + " ns/op\n";
        Assert.Throws<BadInputException>(() => BenchmarkReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "big.txt", "big.txt", limits));
    }

    [ConformanceFact]
    public void Every_conformance_input_reads_without_error()
    {
        var roots = new[]
        {
            Path.Combine(RepoPaths.Conformance, "perf", "cmd", "benchstat", "testdata"),
            Path.Combine(RepoPaths.Conformance, "perf", "legacy-benchstat", "cmd", "benchstat", "testdata"),
        };
        var files = roots.SelectMany(r => Directory.GetFiles(r, "*.txt")).ToList();
        Assert.True(files.Count > 15);
        foreach (var path in files)
        {
            using var stream = File.OpenRead(path);
            Assert.NotEmpty(BenchmarkReader.Read(stream, path, Path.GetFileName(path)).Results);
        }
    }

    // Upstream reads every bent file without a SyntaxError; several .stdout files hold no results at all.
    [ConformanceFact]
    public void Real_bent_runner_output_reads_without_syntax_errors()
    {
        var directory = Path.Combine(RepoPaths.Conformance, "perf", "benchfmt", "testdata", "bent");
        var read = 0;
        foreach (var path in Directory.GetFiles(directory))
        {
            using var stream = File.OpenRead(path);
            try
            {
                read += BenchmarkReader.Read(stream, path, Path.GetFileName(path)).Results.Count;
            }
            catch (BadInputException e) when (e.Problem.StartsWith("no benchmark result lines", StringComparison.Ordinal))
            {
                // An empty run: upstream yields no results either.
            }
        }

        Assert.True(read > 100, $"read {read} results");
    }

    [Fact]
    public void Random_bytes_are_bad_input_not_a_crash()
    {
        var random = new Random(7);
        for (var round = 0; round < 50; round++)
        {
            var bytes = new byte[random.Next(0, 4096)];
            random.NextBytes(bytes);
            try
            {
                BenchmarkReader.Read(new MemoryStream(bytes), "noise.bin", "noise.bin");
            }
            catch (BadInputException)
            {
                // Expected: no benchmark lines (or a malformed one), named by line.
            }
        }
    }
}
