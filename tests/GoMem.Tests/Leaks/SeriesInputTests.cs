using GoMem.IO;
using GoMem.Leaks;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Leaks;

/// <summary>Series that are not a clean run of one process: reordered, restarted, mixed, corrupt, timeless, too short.</summary>
public sealed class SeriesInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-leak-series-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Names_out_of_time_order_are_sorted_by_profile_time_and_said()
    {
        for (var k = 1; k <= 8; k++)
        {
            Copy("leakymap-series", $"heap.{k}.pb.gz", $"heap.{9 - k}.pb.gz");
        }

        var report = Analyze(_dir);
        Assert.Contains(report.Notes, n => n.Contains("not in name order", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.Site == "main.recordSession");
        Assert.Equal(SnapshotTimeSource.ProfileTime, report.TimeSource);
    }

    [Fact]
    public void A_restart_splits_the_series_and_the_last_run_is_analysed()
    {
        for (var k = 1; k <= 3; k++)
        {
            Copy("boundedcache-series-1", $"heap.{k}.pb.gz", $"heap.{k}.pb.gz");
            Copy("boundedcache-series-1", $"status.{k}.txt", $"status.{k}.txt");
        }

        for (var k = 1; k <= 5; k++)
        {
            Copy("boundedcache-series-2", $"heap.{k}.pb.gz", $"heap.{k + 3}.pb.gz");
            Copy("boundedcache-series-2", $"status.{k}.txt", $"status.{k + 3}.txt");
        }

        var report = Analyze(_dir);
        Assert.Equal(5, report.Snapshots);
        Assert.Contains(report.Notes, n => n.Contains("restarted between snapshots 3 and 4", StringComparison.Ordinal));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Snapshots_of_different_programs_are_refused_naming_both()
    {
        for (var k = 1; k <= 4; k++)
        {
            Copy(k <= 2 ? "leakymap-series" : "boundedcache-series-1", $"vars.{k}.json", $"vars.{k}.json");
        }

        var e = Assert.Throws<BadInputException>(() => Analyze(_dir));
        Assert.Contains("mixed processes", e.Message, StringComparison.Ordinal);
        Assert.Contains("/opt/gomem-examples/boundedcache", e.Message, StringComparison.Ordinal);
        Assert.Contains("/opt/gomem-examples/leakymap", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_services_captures_with_allocs_profiles_are_one_process_and_heap_profiles_are_the_heap_source()
    {
        // A real capture of one leakymap process: heap, allocs, goroutine, vars, status and metrics per snapshot, and one
        // allocs.pb.gz without a number. vars names the program "/opt/gomem-examples/leakymap -addr 127.0.0.1:PORT", the
        // profiles "/opt/gomem-examples/leakymap": both the executable leakymap.
        var dir = Path.Combine(RepoPaths.TestData, "leakymap-allocs-series");
        var loaded = SnapshotLoader.Load([dir]);
        foreach (var snapshot in loaded.Snapshots.Where(s => s.Number is not null))
        {
            Assert.Equal($"heap.{snapshot.Key}.pb.gz", Path.GetFileName(snapshot.HeapFile));
            Assert.Contains(loaded.Skipped, f => Path.GetFileName(f.File) == $"allocs.{snapshot.Key}.pb.gz" &&
                f.Problem == $"an allocs profile for snapshot {snapshot.Key}: the heap profile heap.{snapshot.Key}.pb.gz is its heap source");
        }

        var report = Analyze(dir);
        Assert.Equal(5, report.Snapshots);
        Assert.Contains(report.Findings, f => f.Site == "main.recordSession");
    }

    [Fact]
    public void An_allocs_profile_read_first_gives_way_to_the_heap_profile()
    {
        Copy("leakymap-allocs-series", "allocs.2.pb.gz", "a.2.pb.gz");
        Copy("leakymap-allocs-series", "heap.2.pb.gz", "b.2.pb.gz");
        var loaded = SnapshotLoader.Load([_dir]);
        Assert.Equal("b.2.pb.gz", Path.GetFileName(Assert.Single(loaded.Snapshots).HeapFile));
        var skipped = Assert.Single(loaded.Skipped);
        Assert.Equal("a.2.pb.gz", Path.GetFileName(skipped.File));
        Assert.Contains("the heap profile b.2.pb.gz is its heap source", skipped.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Different_programs_are_refused_across_kinds_of_source_by_executable_name()
    {
        for (var k = 1; k <= 2; k++)
        {
            Copy("leakymap-allocs-series", $"vars.{k}.json", $"vars.{k}.json");
        }

        for (var k = 3; k <= 4; k++)
        {
            Copy("boundedcache-series-1", $"heap.{k}.pb.gz", $"heap.{k}.pb.gz");
        }

        var e = Assert.Throws<BadInputException>(() => Analyze(_dir));
        Assert.Contains("mixed processes: snapshot 3 comes from \"/opt/gomem-examples/boundedcache\" but snapshot 1 from \"/opt/gomem-examples/leakymap -addr", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_whose_command_line_and_binary_disagree_on_its_name_is_not_refused()
    {
        // Started through a link of another name: its own snapshots show that vars and the profiles name it differently,
        // so a profile-only snapshot cannot be compared with a vars-only one by name.
        for (var k = 1; k <= 4; k++)
        {
            Copy("leakymap-allocs-series", $"heap.{k}.pb.gz", $"heap.{k}.pb.gz");
            var vars = File.ReadAllText(Path.Combine(RepoPaths.TestData, "leakymap-allocs-series", $"vars.{k}.json"));
            File.WriteAllText(Path.Combine(_dir, $"vars.{k}.json"), vars.Replace("\"/opt/gomem-examples/leakymap\"", "\"/usr/local/bin/lm\"", StringComparison.Ordinal));
        }

        Copy("leakymap-allocs-series", "allocs.pb.gz", "allocs.pb.gz");
        Assert.Equal(5, Analyze(_dir).Snapshots);
    }

    [Fact]
    public void A_corrupt_file_in_the_middle_is_skipped_and_named()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.TestData, "leakymap-series")))
        {
            File.Copy(file, Path.Combine(_dir, Path.GetFileName(file)));
        }

        var bytes = File.ReadAllBytes(Path.Combine(_dir, "heap.5.pb.gz"));
        File.WriteAllBytes(Path.Combine(_dir, "heap.5.pb.gz"), bytes[..(bytes.Length / 2)]);
        var loaded = SnapshotLoader.Load([_dir]);
        var skipped = Assert.Single(loaded.Skipped);
        Assert.EndsWith("heap.5.pb.gz", skipped.File, StringComparison.Ordinal);
        var report = LeakAnalysis.Analyze(SeriesAnalysis.Analyze(loaded.Snapshots), new LeakOptions(), loaded.Skipped);
        Assert.Equal(8, report.Snapshots);
        Assert.Contains(report.Findings, f => f.Site == "main.recordSession");
    }

    [Fact]
    public void One_snapshot_asks_for_at_least_three()
    {
        Copy("leakymap-series", "heap.1.pb.gz", "heap.1.pb.gz");
        var e = Assert.Throws<BadInputException>(() => Analyze(_dir));
        Assert.Contains("at least 3 snapshots", e.Message, StringComparison.Ordinal);
        Assert.Equal(_dir, e.Source);
    }

    [Fact]
    public void Files_without_times_need_an_interval()
    {
        for (var k = 1; k <= 4; k++)
        {
            Copy("leakymap-series", $"status.{k}.txt", $"status.{k}.txt");
            File.SetLastWriteTimeUtc(Path.Combine(_dir, $"status.{k}.txt"), new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc));
        }

        var loaded = SnapshotLoader.Load([_dir]);
        var e = Assert.Throws<InvalidSettingException>(() => SeriesAnalysis.Analyze(loaded.Snapshots));
        Assert.Equal("Interval", e.Setting);
        var series = SeriesAnalysis.Analyze(loaded.Snapshots, intervalSeconds: 30);
        Assert.Equal(SnapshotTimeSource.NameOrder, series.TimeSource);
        Assert.Equal([0, 0.5, 1, 1.5], series.Minutes);
    }

    [Theory]
    [InlineData("heap.3.pb.gz", "3")]
    [InlineData("goroutine.12.debug2.txt", "12")]
    [InlineData("vars-20261123-050001.json", "20261123050001")]
    [InlineData("status.txt", "status.txt")]
    public void Snapshot_number_comes_from_the_digits_of_the_name(string file, string key)
    {
        Assert.Equal(key, SnapshotLoader.SnapshotKey(file).Key);
    }

    [Fact]
    public void Indented_tracebacks_are_goroutine_dumps_of_the_series()
    {
        // As a test framework prints them: log lines first, then every line of the dump indented.
        for (var k = 1; k <= 8; k++)
        {
            Copy("goroutineleak-debug2-series", $"heap.{k}.pb.gz", $"heap.{k}.pb.gz");
            var dump = GzipText(Path.Combine(RepoPaths.TestData, "goroutineleak-debug2-series", $"goroutine.{k}.debug2.txt.gz"));
            var indented = "=== RUN   TestLeak\n    leak_test.go:12: snapshot\n" + string.Join('\n', dump.Split('\n').Select(l => l.Length == 0 ? l : "    " + l));
            File.WriteAllText(Path.Combine(_dir, $"goroutine.{k}.txt"), indented);
        }

        var report = Analyze(_dir);
        var group = Assert.Single(report.Findings, f => f.Kind == LeakKind.Goroutine);
        Assert.Equal("main.waitForReply", group.Site);
        Assert.Equal([new GoMem.Goroutines.StateCount("chan receive", 50 * 8)], group.States);
        Assert.Empty(report.Skipped);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_traceback_after_64_KB_of_log_lines_is_the_goroutine_dump_of_its_snapshot(bool jsonLogs)
    {
        // A crash log of a service: more than 64 KB of log lines (plain, or JSON objects as structured loggers write
        // them), then the goroutine dump; and one whose dump is gzipped with it.
        for (var k = 1; k <= 8; k++)
        {
            Copy("goroutineleak-debug2-series", $"heap.{k}.pb.gz", $"heap.{k}.pb.gz");
            var log = new System.Text.StringBuilder();
            for (var i = 0; log.Length <= 64 * 1024; i++)
            {
                log.Append(jsonLogs ? $"{{\"level\":\"info\",\"msg\":\"request served\",\"n\":{i}}}\n" : $"2026-11-23T05:00:01Z INFO request {i} served\n");
            }

            log.Append(GzipText(Path.Combine(RepoPaths.TestData, "goroutineleak-debug2-series", $"goroutine.{k}.debug2.txt.gz")));
            var bytes = System.Text.Encoding.UTF8.GetBytes(log.ToString());
            if (k == 8)
            {
                using var file = File.Create(Path.Combine(_dir, $"goroutine.{k}.log.gz"));
                using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest);
                gzip.Write(bytes);
            }
            else
            {
                File.WriteAllBytes(Path.Combine(_dir, $"goroutine.{k}.log"), bytes);
            }
        }

        var report = Analyze(_dir);
        Assert.Empty(report.Skipped);
        Assert.Equal(8, report.Snapshots);
        var group = Assert.Single(report.Findings, f => f.Kind == LeakKind.Goroutine);
        Assert.Equal("main.waitForReply", group.Site);
        Assert.Equal([new GoMem.Goroutines.StateCount("chan receive", 50 * 8)], group.States);
    }

    [Fact]
    public void A_traceback_past_the_search_bounds_leaves_a_log_ignored()
    {
        var dump = GzipText(Path.Combine(RepoPaths.TestData, "goroutineleak-debug2-series", "goroutine.1.debug2.txt.gz"));
        var manyLines = string.Concat(Enumerable.Repeat("x\n", GoMem.Goroutines.GoroutineDumpReader.TracebackSearchLines)) + dump;
        var manyBytes = new string('y', GoMem.Goroutines.GoroutineDumpReader.TracebackSearchBytes) + "\n" + dump;
        File.WriteAllText(Path.Combine(_dir, "lines.1.log"), manyLines);
        File.WriteAllText(Path.Combine(_dir, "bytes.1.log"), manyBytes);
        File.WriteAllText(Path.Combine(_dir, "within.1.log"), string.Concat(Enumerable.Repeat("x\n", GoMem.Goroutines.GoroutineDumpReader.TracebackSearchLines - 1)) + dump);
        var loaded = SnapshotLoader.Load([_dir]);
        Assert.Equal(["bytes.1.log", "lines.1.log"], loaded.Ignored.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var goroutines = Assert.Single(loaded.Snapshots).Goroutines!;
        Assert.EndsWith("within.1.log", goroutines.Source, StringComparison.Ordinal);
        Assert.Equal(GoMem.Goroutines.GoroutineDumpReader.ReadBytes("dump", System.Text.Encoding.UTF8.GetBytes(dump)).Total, goroutines.Total);
    }

    private static string GzipText(string path)
    {
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }

    private void Copy(string series, string file, string target) =>
        File.Copy(Path.Combine(RepoPaths.TestData, series, file), Path.Combine(_dir, target));

    private static LeakReport Analyze(string dir)
    {
        var loaded = SnapshotLoader.Load([dir]);
        return LeakAnalysis.Analyze(SeriesAnalysis.Analyze(loaded.Snapshots), new LeakOptions(), loaded.Skipped);
    }
}
