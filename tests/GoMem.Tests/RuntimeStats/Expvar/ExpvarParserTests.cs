using System.Text;
using System.Text.Json;
using GoMem.IO;
using GoMem.RuntimeStats.Expvar;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.RuntimeStats.Expvar;

public sealed class ExpvarParserTests
{
    public static TheoryData<string> VarsFiles() => RuntimeStatsFixtures.Files("vars*.json");

    [Fact]
    public void Leakymap_first_snapshot_has_the_captured_memstats()
    {
        var document = ExpvarParser.ParseFile(RepoPaths.Scenario("leakymap", "vars.1.json"));
        var stats = document.MemStats!;
        Assert.Equal(["/opt/gomem-examples/leakymap", "-addr", "127.0.0.1:29162"], document.Cmdline);
        Assert.Equal(3752328UL, stats.Alloc);
        Assert.Equal(7604904UL, stats.TotalAlloc);
        Assert.Equal(19248392UL, stats.Sys);
        Assert.Equal(16972UL, stats.Mallocs);
        Assert.Equal(14898UL, stats.Frees);
        Assert.Equal(stats.Alloc, stats.HeapAlloc);
        Assert.Equal(8093696UL, stats.HeapSys);
        Assert.Equal(3432448UL, stats.HeapIdle);
        Assert.Equal(4661248UL, stats.HeapInuse);
        Assert.Equal(1638400UL, stats.HeapReleased);
        Assert.Equal(2074UL, stats.HeapObjects);
        Assert.Equal(1483316UL, stats.BuckHashSys);
        Assert.Equal(5084352UL, stats.NextGC);
        Assert.Equal(1795402668774721549UL, stats.LastGC);
        Assert.Equal(403692UL, stats.PauseTotalNs);
        Assert.Equal(3U, stats.NumGC);
        Assert.Equal(2U, stats.NumForcedGC);
        Assert.Equal(0.003366728566937076, stats.GCCPUFraction);
        Assert.True(stats.EnableGC);
        Assert.False(stats.DebugGC);
        Assert.Equal(256, stats.PauseNs.Count);
        Assert.Equal(256, stats.PauseEnd.Count);
        Assert.Equal([44995UL, 329662UL, 29035UL, 0UL], stats.PauseNs.Take(4));
        Assert.Equal(61, stats.BySize.Count);
        Assert.Equal(new SizeClassStats(8, 77, 48), stats.BySize[1]);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 2, 57, 48, TimeSpan.Zero), stats.LastGCTime!.Value.AddTicks(-(stats.LastGCTime.Value.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Equal(300, Assert.Single(document.OtherVariables, v => v.Key == "sessions").Value.GetInt32());
    }

    [Fact]
    public void Published_variables_are_kept_as_raw_json()
    {
        var document = ExpvarParser.ParseFile(RepoPaths.Scenario("boundedcache", "vars.2.json"));
        Assert.Equal(["cache_evictions", "cache_size"], document.OtherVariables.Select(v => v.Key));
        Assert.Equal(400, document.Find("cache_evictions")!.Value.GetInt32());
        Assert.Equal(200, document.Find("cache_size")!.Value.GetInt32());
        Assert.Null(document.Find("memstats"));
    }

    [Theory]
    [MemberData(nameof(VarsFiles))]
    public void Every_captured_vars_file_parses_consistently(string file)
    {
        var document = ExpvarParser.ParseFile(RuntimeStatsFixtures.FullPath(file));
        var stats = document.MemStats!;

        // Independent reading of the same file with JsonDocument, field by field.
        using var json = JsonDocument.Parse(RuntimeStatsFixtures.Bytes(file));
        var expected = json.RootElement.GetProperty("memstats");
        foreach (var field in Enum.GetValues<MemStatsField>())
        {
            var element = expected.GetProperty(field.ToString());
            var actual = stats.GetDouble(field);
            var wanted = element.ValueKind switch
            {
                JsonValueKind.True => 1,
                JsonValueKind.False => 0,
                _ => element.GetDouble(),
            };
            Assert.True(wanted == actual, $"{file}: {field} is {actual}, the JSON says {wanted}");
        }

        Assert.Equal(expected.GetProperty("PauseNs").EnumerateArray().Select(e => e.GetUInt64()), stats.PauseNs);
        Assert.Equal(expected.GetProperty("PauseEnd").EnumerateArray().Select(e => e.GetUInt64()), stats.PauseEnd);
        Assert.Equal(expected.GetProperty("BySize").GetArrayLength(), stats.BySize.Count);

        // The runtime's own invariants hold for a real capture.
        Assert.Equal(stats.Alloc, stats.HeapAlloc);
        Assert.Equal(stats.HeapSys, stats.HeapIdle + stats.HeapInuse);
        Assert.Equal(stats.Sys, stats.HeapSys + stats.StackSys + stats.MSpanSys + stats.MCacheSys + stats.BuckHashSys + stats.GCSys + stats.OtherSys);
        Assert.Equal(stats.HeapObjects, stats.Mallocs - stats.Frees);
        Assert.StartsWith("/opt/gomem-examples/", document.Cmdline![0], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(VarsFiles))]
    public void Truncated_or_corrupted_vars_give_only_bad_input(string file)
    {
        RuntimeStatsFixtures.AssertOnlyBadInputOrSuccess(
            RuntimeStatsFixtures.Bytes(file),
            bytes => ExpvarParser.Parse(RuntimeStatsFixtures.Stream(bytes), file));
    }

    [Fact]
    public void Gzip_input_is_inflated_transparently()
    {
        var raw = File.ReadAllBytes(RepoPaths.Scenario("churn", "vars.2.json"));
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        using var input = InputOpener.OpenBytes("vars.json.gz", compressed.ToArray());
        var fromGzip = ExpvarParser.Parse(input);
        var plain = ExpvarParser.Parse(RuntimeStatsFixtures.Stream(raw), "vars.json");
        Assert.Equal(plain.MemStats!.TotalAlloc, fromGzip.MemStats!.TotalAlloc);
    }

    [Fact]
    public void Malformed_json_names_line_and_offset()
    {
        var text = "{\n\"cmdline\": [\"a\"],\n\"memstats\": {\"Alloc\": 12,,}\n}\n";
        var e = Reject(text, "malformed JSON");
        Assert.Equal(3, e.LineNumber);
        Assert.Equal(text.IndexOf(",,", StringComparison.Ordinal) + 1, e.ByteOffset);
        Assert.StartsWith("vars.json:3: malformed JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_json_is_malformed()
    {
        var raw = File.ReadAllText(RepoPaths.Scenario("leakymap", "vars.2.json"));
        Reject(raw[..(raw.Length / 2)], "malformed JSON");
    }

    [Fact]
    public void Trailing_content_is_malformed()
    {
        Reject("{\"cmdline\": []} {}", "malformed JSON");
    }

    [Fact]
    public void Json_that_is_not_expvar_is_rejected()
    {
        Reject("{\"name\": \"a package.json perhaps\", \"version\": \"1.0\"}", "valid JSON but not expvar output (no memstats and no cmdline)");
        Reject("[1, 2, 3]", "valid JSON but not expvar output: the top level is an array");
        Reject("42", "the top level is the number 42");
    }

    [Fact]
    public void Empty_and_blank_files_are_rejected()
    {
        Reject("", "the file is empty");
        Reject(" \n\t\n", "the file is empty");
    }

    [Fact]
    public void Wrong_types_for_known_fields_name_the_field_and_position()
    {
        var valid = File.ReadAllText(RepoPaths.Scenario("leakymap", "vars.1.json"));
        var e = Reject(valid.Replace("\"HeapAlloc\":3752328", "\"HeapAlloc\":\"3752328\"", StringComparison.Ordinal), "memstats.HeapAlloc must be an unsigned 64-bit integer, not a string");
        Assert.Equal(3, e.LineNumber);
        Assert.Equal(Encoding.UTF8.GetByteCount(valid[..valid.IndexOf("\"HeapAlloc\"", StringComparison.Ordinal)]) + "\"HeapAlloc\":".Length, e.ByteOffset);

        Reject(valid.Replace("\"Frees\":14898", "\"Frees\":-1", StringComparison.Ordinal), "memstats.Frees must be an unsigned 64-bit integer, not the number -1");
        Reject(valid.Replace("\"Sys\":19248392", "\"Sys\":1.5", StringComparison.Ordinal), "memstats.Sys must be an unsigned 64-bit integer, not the number 1.5");
        Reject(valid.Replace("\"NumGC\":3", "\"NumGC\":4294967296", StringComparison.Ordinal), "memstats.NumGC must be an unsigned 32-bit integer");
        Reject(valid.Replace("\"EnableGC\":true", "\"EnableGC\":1", StringComparison.Ordinal), "memstats.EnableGC must be true or false, not the number 1");
        Reject(valid.Replace("\"cmdline\": [", "\"cmdline\": [1,", StringComparison.Ordinal), "cmdline must be an array of strings, but holds the number 1");
        Reject(valid.Replace("\"memstats\": {", "\"memstats\": [], \"x\": {", StringComparison.Ordinal), "memstats must be an object, not an array");
        Reject(valid.Replace("\"PauseNs\":[44995,", "\"PauseNs\":[", StringComparison.Ordinal), "memstats.PauseNs has 255 entries, not 256");
        Reject(valid.Replace("\"DebugGC\":false,", "", StringComparison.Ordinal), "memstats has no field DebugGC");
        Reject(valid.Replace("\"Lookups\":0,", "\"Lookups\":0,\"Lookups\":1,", StringComparison.Ordinal), "duplicate memstats field Lookups");
        Reject(valid.Replace("{\"Size\":8,", "{\"Size\":8,\"Size\":9,", StringComparison.Ordinal), "duplicate field Size in memstats.BySize[1]");
    }

    [Fact]
    public void Values_above_long_max_parse_exactly_and_beyond_uint64_are_rejected()
    {
        var valid = File.ReadAllText(RepoPaths.Scenario("leakymap", "vars.1.json"));
        var huge = ExpvarParser.Parse(RuntimeStatsFixtures.Stream(Encoding.UTF8.GetBytes(valid.Replace("\"TotalAlloc\":7604904", "\"TotalAlloc\":18446744073709551615", StringComparison.Ordinal))), "vars.json");
        Assert.Equal(ulong.MaxValue, huge.MemStats!.TotalAlloc);
        Reject(valid.Replace("\"TotalAlloc\":7604904", "\"TotalAlloc\":18446744073709551616", StringComparison.Ordinal), "memstats.TotalAlloc must be an unsigned 64-bit integer, not the number 18446744073709551616");
    }

    [Fact]
    public void Unknown_memstats_fields_and_a_bom_are_tolerated()
    {
        var valid = File.ReadAllText(RepoPaths.Scenario("leakymap", "vars.1.json"));
        var future = "\uFEFF" + valid.Replace("\"Alloc\":", "\"FutureField\":{\"a\":[1,2]},\"Alloc\":", StringComparison.Ordinal);
        var document = ExpvarParser.Parse(RuntimeStatsFixtures.Stream(Encoding.UTF8.GetBytes(future)), "vars.json");
        Assert.Equal(3752328UL, document.MemStats!.Alloc);
    }

    [Fact]
    public void Duplicate_top_level_keys_are_rejected()
    {
        Reject("{\"cmdline\": [], \"x\": 1, \"x\": 2}", "duplicate top-level key \"x\"");
    }

    [Fact]
    public void Invalid_utf8_is_rejected_with_its_offset()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"cmdline\": [\"ab\"]}");
        bytes[15] = 0xff;
        var e = Assert.Throws<BadInputException>(() => ExpvarParser.Parse(RuntimeStatsFixtures.Stream(bytes), "vars.json"));
        Assert.Contains("not UTF-8", e.Message, StringComparison.Ordinal);
        Assert.Equal(15, e.ByteOffset);
    }

    [Theory]
    [InlineData("{\"cmdline\": [\"\\uD800\"]}")]
    [InlineData("{\"\\uDC00\": 1, \"cmdline\": []}")]
    [InlineData("{\"cmdline\": [], \"x\": {\"y\": \"a\\uD800b\"}}")]
    public void Escapes_of_lone_surrogates_are_bad_input(string text)
    {
        var e = Reject(text, "a string escape is not valid text");
        Assert.Equal(1, e.LineNumber);
    }

    [Fact]
    public void Deep_nesting_stops_at_the_depth_cap()
    {
        var text = "{\"cmdline\": [], \"deep\": " + new string('[', 10_000) + new string(']', 10_000) + "}";
        Reject(text, "malformed JSON");
    }

    [Fact]
    public void Fifty_megabyte_single_line_json_is_refused_by_the_size_cap_without_reading_it_all()
    {
        var stream = new FiftyMegabyteVars();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<BadInputException>(() => ExpvarParser.Parse(stream, "big.json"));
        Assert.Contains("larger than the limit of 32 MiB", e.Message, StringComparison.Ordinal);
        Assert.True(stream.Position <= (33L << 20), $"read {stream.Position} bytes");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 200L << 20);
    }

    [Fact]
    public void Fifty_megabyte_single_line_json_parses_under_a_raised_cap()
    {
        var limits = new GoMem.RuntimeStats.RuntimeStatsLimits { MaxJsonBytes = 64 << 20 };
        var document = ExpvarParser.Parse(new FiftyMegabyteVars(), "big.json", limits);
        Assert.Equal(50_000_000, document.Find("blob")!.Value.GetString()!.Length);
        Assert.NotNull(document.MemStats);
    }

    private static BadInputException Reject(string text, string problem)
    {
        var e = Assert.Throws<BadInputException>(() => ExpvarParser.Parse(RuntimeStatsFixtures.Stream(Encoding.UTF8.GetBytes(text)), "vars.json"));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Equal("vars.json", e.Source);
        Assert.True(e.ByteOffset is not null || e.LineNumber is not null, "a position is required");
        return e;
    }

    /// <summary>A real vars.json with a 50,000,000-character string variable, generated on the fly on one line.</summary>
    private sealed class FiftyMegabyteVars : Stream
    {
        private readonly byte[] _prefix;
        private readonly byte[] _suffix = "\"}"u8.ToArray();
        private readonly long _length;
        private long _position;

        public FiftyMegabyteVars()
        {
            var vars = File.ReadAllText(RepoPaths.Scenario("leakymap", "vars.1.json")).Replace("\n", "", StringComparison.Ordinal).TrimEnd('}');
            _prefix = Encoding.UTF8.GetBytes(vars + ",\"blob\":\"");
            _length = _prefix.Length + 50_000_000L + _suffix.Length;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count && _position < _length)
            {
                var blobEnd = _prefix.Length + 50_000_000L;
                buffer[offset + written] = _position < _prefix.Length ? _prefix[_position]
                    : _position < blobEnd ? (byte)'x'
                    : _suffix[_position - blobEnd];
                written++;
                _position++;
            }

            return written;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
