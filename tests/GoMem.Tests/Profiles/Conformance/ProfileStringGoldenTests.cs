using GoMem.Profiles;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Profiles.Conformance;

// pprof's profile/profile_test.go TestParse (github.com/google/pprof, Apache-2.0; data in ../shared/conformance,
// README section 2.1): each legacy input parsed, then dumped with Go's (*profile.Profile).String(), must equal the
// .string golden. ProfileDump is our port of String().
//
// Checked (8): gobench.heap, cppbench.heap, cppbench.growth (legacy heap text), go.godoc.thread (Go count text),
// cppbench.contention (contentionz text), cppbench.thread, cppbench.thread.all, cppbench.thread.none (threadz text).
//
// Skipped, with the reason:
// | input                 | reason                                                                          |
// | --------------------- | ------------------------------------------------------------------------------- |
// | go.crc32.cpu          | legacy binary CPU profile: format not supported by GoMem                        |
// | gobench.cpu           | legacy binary CPU profile: format not supported                                 |
// | cppbench.cpu          | legacy binary CPU profile: format not supported                                 |
// | java.cpu              | legacy Java binary CPU profile (symbol table, address aggregation): unsupported |
// | java.heap             | Java heapz text: format not supported                                           |
// | java.contention       | Java contentionz text ("format = java"): format not supported                   |
//
// Upstream also writes each parsed profile as profile.proto and checks the dump of the re-read profile; GoMem
// has no profile.proto writer, so that half is not checked here.
public sealed class ProfileStringGoldenTests
{
    public static TheoryData<string> Inputs() =>
    [
        "gobench.heap", "cppbench.heap", "cppbench.growth", "go.godoc.thread",
        "cppbench.contention", "cppbench.thread", "cppbench.thread.all", "cppbench.thread.none",
    ];

    [ConformanceTheory]
    [MemberData(nameof(Inputs))]
    public void Parsed_profile_dumps_like_pprof(string input)
    {
        var directory = Path.Combine(RepoPaths.Conformance, "pprof", "profile", "testdata");
        Assert.True(Directory.Exists(directory), $"the pprof conformance corpus is missing: {directory} does not exist (expected ../shared/conformance beside the checkout)");
        var golden = Path.Combine(directory, input + ".string");
        Assert.True(File.Exists(golden), $"golden file {golden} is missing from the conformance corpus");

        var profile = ProfileReader.ReadFile(Path.Combine(directory, input));

        Assert.Equal(File.ReadAllText(golden), ProfileDump.Format(profile));
    }

    /// <summary>Go's own mutex/block profile text (debug=1) reads through the contention parser, named by its comments.</summary>
    [Fact]
    public void Go_mutex_text_profile_is_a_contention_profile()
    {
        var text = """
            --- mutex:
            cycles/second=2000000000
            sampling period=1
            4000 2 @ 0x4710a5 0x4a1b2c 0x46d2c1
            #	0x4710a4	sync.(*Mutex).Unlock+0x64	/usr/local/go/src/sync/mutex.go:223
            #	0x4a1b2b	main.worker+0x8b	/src/main.go:20

            """.ReplaceLineEndings("\n");

        var profile = ProfileReader.ReadBytes("mutex.txt", System.Text.Encoding.ASCII.GetBytes(text));

        // Built line by line: several lines end in a space, which editors like to strip from literals.
        string[] expected =
        [
            "PeriodType: contentions count",
            "Period: 1",
            "Samples:",
            "contentions/count delay/nanoseconds",
            "          2       2000: 1 2 3 ",
            "Locations",
            "     1: 0x4710a4 M=1 sync.(*Mutex).Unlock /usr/local/go/src/sync/mutex.go:223:0 s=0",
            "     2: 0x4a1b2b M=1 main.worker /src/main.go:20:0 s=0",
            "     3: 0x46d2c0 M=1 ",
            "Mappings",
            "1: 0x0/0xffffffffffffffff/0x0   ",
        ];
        Assert.Equal(
            string.Join('\n', expected) + "\n",
            ProfileDump.Format(profile));
    }

    /// <summary>
    /// The memory map rules the corpus files do not reach: /proc/self/maps lines (non-executable ones skipped), a
    /// $variable, a glog prefix, a brief line with an "(@offset)", merging of a split binary, and an address in the
    /// unencoded first part of a mapping. No pprof golden exists; the expectation applies pprof's rules by hand.
    /// </summary>
    [Fact]
    public void Memory_map_is_read_and_massaged_as_pprof_does()
    {
        var text = """
            heap profile: 1: 1024 [1: 1024] @ heap_v2/1
            1: 1024 [1: 1024] @ 0x401001 0x7f0000001001 0x550001 0x900001
            --- Memory map: ---
            source=/lib
            00400000-00401000 r-xp 00000000 08:01 123 /bin/app
            00401000-00500000 r-xp 00001000 08:01 123 /bin/app
            I0102 03:04:05.678 maps.cc:12] 7f0000000000-7f0000100000 r-xp 00000000 08:01 456 $source/libc.so.6
            7f0000100000-7f0000200000 rw-p 00000000 08:01 456 /lib/libc.so.6
              00600000-00700000: /bin/other (@100000)

            """.ReplaceLineEndings("\n");

        var profile = ProfileReader.ReadBytes("heap.txt", System.Text.Encoding.ASCII.GetBytes(text));

        string[] expected =
        [
            "PeriodType: space bytes",
            "Period: 1",
            "Samples:",
            "objects/count space/bytes",
            "          1       1024: 1 2 3 4 ",
            "                bytes:[1024]",
            "Locations",
            "     1: 0x401000 M=1 ",
            "     2: 0x7f0000001000 M=2 ",
            "     3: 0x550000 M=3 ",
            "     4: 0x900000 M=4 ",
            "Mappings",
            "1: 0x400000/0x500000/0x0 /bin/app  ",
            "2: 0x7f0000000000/0x7f0000100000/0x0 /lib/libc.so.6  ",
            "3: 0x500000/0x700000/0x0 /bin/other  ",
            "4: 0x0/0xffffffffffffffff/0x0   ",
        ];
        Assert.Equal(string.Join('\n', expected) + "\n", ProfileDump.Format(profile));
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(7L, "7ns")]
    [InlineData(1_500L, "1.5µs")]
    [InlineData(2_000_000L, "2ms")]
    [InlineData(1_000_000_000L, "1s")]
    [InlineData(16_502_830_000_000L, "4h35m2.83s")]
    [InlineData(90_000_000_000L, "1m30s")]
    [InlineData(-1_500_000L, "-1.5ms")]
    public void Durations_print_as_go_does(long nanos, string expected) => Assert.Equal(expected, ProfileDump.GoDuration(nanos));
}
