using GoMem.Profiles;
using ValueType = GoMem.Profiles.ValueType;

namespace GoMem.Tests.Profiles.Conformance;

/// <summary>
/// The synthetic profiles of pprof's driver tests, rebuilt with <see cref="ProfileBuilder"/>.
/// <para>
/// Origin: github.com/google/pprof, internal/driver/driver_test.go (cpuProfile, cpuProfileSmall, heapProfile,
/// contentionProfile, longNameFuncsProfile, and the variants made by testFetcher.Fetch). Copyright Google Inc.,
/// Apache License 2.0 (see ../shared/conformance/pprof/LICENSE beside the checkout). The data (names, addresses, lines, values) is
/// theirs; this C# is ours.
/// </para>
/// <para>
/// pprof's golden test runs twice: the profile is saved as profile.proto, then read back with a fake demangler that
/// renames a function (mangled1000 → line1000, mangledNEW → "operator new", ...) when its Name is empty or equals
/// its SystemName. Every function here starts with Name == SystemName, so the profiles are built the way the second
/// pass sees them: Name demangled, SystemName still mangled. The drop_frames pruning of the heap profile is left
/// to the report (GoMem applies it when reporting, pprof when fetching the second pass), and it only matches once
/// the names are demangled, as in pprof.
/// </para>
/// </summary>
internal static class PprofDriverFixtures
{
    private const string TestBinary = "/path/to/testbinary";

    /// <summary>pprof's fakeDemangler.</summary>
    public static string Demangle(string name) => name switch
    {
        "mangled1000" => "line1000",
        "mangled2000" => "line2000",
        "mangled2001" => "line2001",
        "mangled3000" => "line3000",
        "mangled3001" => "line3001",
        "mangled3002" => "line3002",
        "mangledNEW" => "operator new",
        "mangledMALLOC" => "malloc",
        _ => name,
    };

    /// <summary>
    /// The profile named by a driver test source ("cpu", "heap_alloc", ...), as the second pass sees it
    /// (<paramref name="demangled"/>), or as the fetcher returns it to the first pass (names still mangled).
    /// </summary>
    public static Profile Source(string name, bool demangled = true) => name switch
    {
        "cpu" or "unknown" => Cpu(demangled),
        "cpusmall" => CpuSmall(),
        "heap" => Heap(demangled),
        "heap_alloc" => Heap(demangled, allocTypes: true),
        "heap_request" => Heap(demangled, variant: HeapVariant.Request),
        "heap_sizetags" => Heap(demangled, variant: HeapVariant.SizeTags),
        "heap_tags" => Heap(demangled, variant: HeapVariant.Tags),
        "contention" => Contention(demangled),
        "long_name_funcs" => LongNameFuncs(),
        _ => throw new ArgumentException("unknown pprof driver test source " + name),
    };

    private enum HeapVariant
    {
        Plain,
        Request,
        SizeTags,
        Tags,
    }

    /// <summary>A small table-driven description of a fixture, turned into a <see cref="Profile"/>.</summary>
    private sealed class Spec
    {
        public required Mapping Mapping { get; init; }

        public required string[] Functions { get; init; }

        public string[] FunctionFiles { get; init; } = [];

        /// <summary>Per location: id, address, and (function index, line) pairs innermost first.</summary>
        public required (ulong Id, ulong Address, (int Function, long Line)[] Lines)[] Locations { get; init; }

        public required ValueType[] SampleTypes { get; init; }

        /// <summary>Per sample: location indexes (leaf first), values, labels.</summary>
        public required (int[] Stack, long[] Values, Label[] Labels)[] Samples { get; init; }

        public required ProfileHeader Header { get; init; }

        public bool Demangled { get; init; } = true;

        public Profile Build()
        {
            var b = new ProfileBuilder { Header = Header };
            foreach (var type in SampleTypes)
            {
                b.AddSampleType(type);
            }

            var mapping = b.AddMapping(Mapping);
            for (var i = 0; i < Functions.Length; i++)
            {
                // The harness replaces pprof's whole symbolizer with the fake, so pprof's heuristics for names that
                // look like demangled C++ (GoMem's ReportNames) never run there: a name the fake leaves as it is has
                // no system name here, which tells GoMem, as it tells pprof, that the name is settled.
                var system = Functions[i];
                var name = Demangled ? Demangle(system) : system;
                var systemName = Demangled && name == system ? "" : system;
                b.AddFunction(new Function((ulong)i + 1, name, systemName, FunctionFiles.Length > 0 ? FunctionFiles[i] : "", 0));
            }

            foreach (var (id, address, lines) in Locations)
            {
                b.AddLocation(new Location(id, mapping, address, [.. lines.Select(l => new Line(l.Function, l.Line, 0))], false));
            }

            foreach (var (stack, values, labels) in Samples)
            {
                b.AddSample(values, stack, labels);
            }

            return b.Build();
        }
    }

    private static Mapping BinaryMapping(string file, string buildId) =>
        new(1, 0x1000, 0x4000, 0, file, buildId, true, true, true, true);

    private static Label Tag(string key, string value) => new(key, value, 0, null);

    private static Label Num(string key, long value) => new(key, null, value, null);

    private static readonly ValueType[] CpuTypes = [new("samples", "count"), new("cpu", "milliseconds")];

    private static ProfileHeader CpuHeader => new()
    {
        PeriodType = new ValueType("cpu", "milliseconds"),
        Period = 1,
        DurationNanos = 10_000_000_000,
    };

    /// <summary>pprof's cpuProfile(): 6 functions in 3 files, 5 locations with inlined frames, 4 labelled samples.</summary>
    public static Profile Cpu(bool demangled = true) => new Spec
    {
        Demangled = demangled,
        Mapping = BinaryMapping(TestBinary, ""),
        Functions = ["mangled1000", "mangled2000", "mangled2001", "mangled3000", "mangled3001", "mangled3002"],
        FunctionFiles = ["testdata/file1000.src", "testdata/file2000.src", "testdata/file2000.src", "testdata/file3000.src", "testdata/file3000.src", "testdata/file3000.src"],
        Locations =
        [
            (1000, 0x1000, [(0, 1)]),
            (2000, 0x2000, [(2, 9), (1, 4)]),
            (3000, 0x3000, [(5, 2), (4, 5), (3, 6)]),
            (3001, 0x3001, [(4, 8), (3, 9)]),
            (3002, 0x3002, [(5, 5), (3, 9)]),
        ],
        SampleTypes = CpuTypes,
        Samples =
        [
            ([0, 1, 2], [1000, 1000], [Tag("key1", "tag1"), Tag("key2", "tag1")]),
            ([0, 3], [100, 100], [Tag("key1", "tag2"), Tag("key3", "tag2")]),
            ([1, 4], [10, 10], [Tag("key1", "tag3"), Tag("key2", "tag2")]),
            ([2], [10, 10], [Tag("key1", "tag4"), Tag("key2", "tag1")]),
        ],
        Header = CpuHeader,
    }.Build();

    /// <summary>pprof's cpuProfileSmall(): five unsymbolized locations.</summary>
    public static Profile CpuSmall() => new Spec
    {
        Mapping = BinaryMapping(TestBinary, ""),
        Functions = [],
        Locations =
        [
            (1000, 0x1000, []),
            (2000, 0x2000, []),
            (3000, 0x3000, []),
            (4000, 0x4000, []),
            (5000, 0x5000, []),
        ],
        SampleTypes = CpuTypes,
        Samples =
        [
            ([0, 1, 2], [1000, 1000], []),
            ([3, 1, 4], [1000, 1000], []),
            ([2], [1000, 1000], []),
            ([4], [1000, 1000], []),
        ],
        Header = CpuHeader,
    }.Build();

    /// <summary>
    /// pprof's heapProfile() and the testFetcher variants: heap_alloc renames the sample types, heap_request copies
    /// the "bytes" numeric label to "request", heap_sizetags appends 2..256 to "bytes", heap_tags gives every second
    /// sample "request" and key1=tag.
    /// </summary>
    private static Profile Heap(bool demangled, bool allocTypes = false, HeapVariant variant = HeapVariant.Plain)
    {
        long[] bytes = [102400, 204800, 1638400, 409600];
        var samples = new (int[] Stack, long[] Values, Label[] Labels)[]
        {
            ([0, 1, 2], [10, 1024000], []),
            ([0, 3], [20, 4096000], []),
            ([1, 4], [40, 65536000], []),
            ([2], [80, 32768000], []),
        };
        for (var i = 0; i < samples.Length; i++)
        {
            var labels = new List<Label> { Num("bytes", bytes[i]) };
            switch (variant)
            {
                case HeapVariant.Request:
                    labels.Add(Num("request", bytes[i]));
                    break;
                case HeapVariant.SizeTags:
                    foreach (var size in new long[] { 2, 4, 8, 16, 32, 64, 128, 256 })
                    {
                        labels.Add(Num("bytes", size));
                    }

                    break;
                case HeapVariant.Tags when i % 2 == 0:
                    labels.Insert(0, Tag("key1", "tag"));
                    labels.Add(Num("request", bytes[i]));
                    break;
            }

            samples[i].Labels = [.. labels];
        }

        return new Spec
        {
            Demangled = demangled,
            Mapping = BinaryMapping("", "buildid"),
            Functions = ["pruneme", "mangled1000", "mangled2000", "mangled2001", "mangled3000", "mangled3001", "mangled3002", "mangledMALLOC", "mangledNEW"],
            FunctionFiles = ["prune.h", "testdata/file1000.src", "testdata/file2000.src", "testdata/file2000.src", "testdata/file3000.src", "testdata/file3000.src", "testdata/file3000.src", "malloc.h", "new.h"],
            Locations =
            [
                (1000, 0x1000, [(0, 100), (7, 100), (1, 1)]),
                (2000, 0x2000, [(8, 100), (3, 2), (2, 3)]),
                (3000, 0x3000, [(8, 100), (6, 3), (5, 2), (4, 4)]),
                (3001, 0x3001, [(0, 100), (8, 100), (5, 2), (4, 4)]),
                (3002, 0x3002, [(6, 3), (4, 4)]),
            ],
            SampleTypes = allocTypes
                ? [new("alloc_objects", "count"), new("alloc_space", "bytes")]
                : [new("inuse_objects", "count"), new("inuse_space", "bytes")],
            Samples = samples,
            Header = new ProfileHeader
            {
                Comments = ["comment", "#hidden comment"],
                PeriodType = new ValueType("allocations", "bytes"),
                Period = 524288,
                DropFrames = ".*operator new.*|malloc",
            },
        }.Build();
    }

    /// <summary>pprof's contentionProfile().</summary>
    public static Profile Contention(bool demangled = true) => new Spec
    {
        Demangled = demangled,
        Mapping = BinaryMapping("", "buildid-contention"),
        Functions = ["mangled1000", "mangled2000", "mangled2001", "mangled3000", "mangled3001", "mangled3002"],
        FunctionFiles = ["testdata/file1000.src", "testdata/file2000.src", "testdata/file2000.src", "testdata/file3000.src", "testdata/file3000.src", "testdata/file3000.src"],
        Locations =
        [
            (1000, 0x1000, [(0, 1)]),
            (2000, 0x2000, [(2, 2), (1, 3)]),
            (3000, 0x3000, [(5, 2), (4, 3), (3, 5)]),
            (3001, 0x3001, [(4, 3), (3, 5)]),
            (3002, 0x3002, [(5, 4), (3, 3)]),
        ],
        SampleTypes = [new("contentions", "count"), new("delay", "nanoseconds")],
        Samples =
        [
            ([0, 1, 2], [10, 10240000], []),
            ([0, 3], [20, 40960000], []),
            ([1, 4], [40, 65536000], []),
            ([2], [80, 32768000], []),
        ],
        Header = new ProfileHeader
        {
            PeriodType = new ValueType("contentions", "count"),
            Period = 524288,
            Comments = ["Comment #1", "Comment #2"],
        },
    }.Build();

    /// <summary>pprof's longNameFuncsProfile(): names that graph views shorten (the text report does not).</summary>
    public static Profile LongNameFuncs() => new Spec
    {
        Mapping = BinaryMapping(TestBinary, ""),
        Functions = ["path/to/package1.object.function1", "(anonymous namespace)::Bar::Foo", "java.bar.foo.FooBar.run(java.lang.Runnable)"],
        FunctionFiles = ["path/to/package1.go", "a/long/path/to/package2.cc", "FooBar.java"],
        Locations =
        [
            (1000, 0x1000, [(0, 1)]),
            (2000, 0x2000, [(1, 4)]),
            (3000, 0x3000, [(2, 9)]),
        ],
        SampleTypes = CpuTypes,
        Samples =
        [
            ([0, 1, 2], [1000, 1000], []),
            ([0, 1], [100, 100], []),
            ([2], [10, 10], []),
        ],
        Header = CpuHeader,
    }.Build();
}
