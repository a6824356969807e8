using GoMem.Profiles;
using GoMem.Profiles.Writing;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Profiles.Writing;

public sealed class ProfileProtoEncoderTests
{
    public static TheoryData<string> ProtoProfiles() => Fixtures("*.pb.gz");

    public static TheoryData<string> LegacyTextProfiles() => Fixtures("*.debug1.txt");

    [Theory]
    [MemberData(nameof(ProtoProfiles))]
    public void Every_captured_profile_survives_decode_encode_decode(string file)
    {
        var original = ProfileReader.ReadFile(Path.Combine(RepoPaths.TestData, file));
        ProfileAssert.Equal(original, RoundTrip(original));
    }

    /// <summary>
    /// Legacy heap text gives each bucket a numeric <c>bytes</c> label (its object size), which is 0 for a bucket with
    /// no objects left in use; profile.proto cannot tell that label from no label, and pprof's own conversion drops
    /// it too. Everything else survives.
    /// </summary>
    [Theory]
    [MemberData(nameof(LegacyTextProfiles))]
    public void Every_legacy_text_profile_survives_as_profile_proto(string file)
    {
        var original = ProfileReader.ReadFile(Path.Combine(RepoPaths.TestData, file));
        ProfileAssert.Equal(original, RoundTrip(original), asProfileProto: true);
    }

    [Fact]
    public void Labels_profile_proto_cannot_carry_are_the_ones_pprof_drops()
    {
        var builder = new ProfileBuilder();
        builder.AddSampleType(new GoMem.Profiles.ValueType("space", "bytes"));
        builder.AddSample([1], [], [new Label("bytes", null, 0, null), new Label("empty", "", 0, null), new Label("zero", null, 0, "bytes"), new Label("kept", "x", 0, null)]);

        var decoded = RoundTrip(builder.Build());
        Assert.Equal([new Label("zero", null, 0, "bytes"), new Label("kept", "x", 0, null)], decoded.Labels(0).ToArray());
    }

    [Fact]
    public void The_output_is_gzip_and_the_uncompressed_form_is_plain_profile_proto()
    {
        var profile = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.2.pb.gz"));
        var gzip = ProfileProtoEncoder.ToArray(profile);
        Assert.Equal([0x1f, 0x8b], gzip[..2]);

        using var raw = new MemoryStream();
        ProfileProtoEncoder.WriteUncompressed(profile, raw);
        Assert.Equal(0x0a, raw.ToArray()[0]);
        ProfileAssert.Equal(profile, ProfileReader.ReadBytes("raw", raw.ToArray()));
    }

    [Fact]
    public void The_destination_stream_is_left_open()
    {
        var profile = Synthetic(sampleCount: 3);
        using var destination = new MemoryStream();
        ProfileProtoEncoder.Write(profile, destination);
        Assert.True(destination.CanWrite);
        Assert.True(destination.Length > 0);
    }

    [Fact]
    public void Negative_values_labels_header_fields_and_unmapped_locations_survive()
    {
        var original = Synthetic(sampleCount: 50);
        var decoded = RoundTrip(original);
        ProfileAssert.Equal(original, decoded);
        Assert.Equal(-7, decoded.Value(1, 0));
        Assert.Contains(decoded.Labels(1).ToArray(), l => l.Key == "bytes" && l.NumberUnit == "bytes");
    }

    [Fact]
    public void Ids_that_profile_proto_cannot_carry_are_renumbered_in_order()
    {
        var builder = new ProfileBuilder();
        builder.AddSampleType(new GoMem.Profiles.ValueType("samples", "count"));
        var f = builder.AddFunction(new Function(0, "main.f", "main.f", "f.go", 1));
        var a = builder.AddLocation(new Location(5, -1, 0x10, [new Line(f, 3, 0)], false));
        var b = builder.AddLocation(new Location(5, -1, 0x20, [new Line(f, 4, 0)], false));
        builder.AddSample([1], [a, b]);

        var decoded = RoundTrip(builder.Build());
        Assert.Equal([1UL, 2UL], decoded.Locations.Select(l => l.Id));
        Assert.Equal(1UL, decoded.Functions[0].Id);
        Assert.Equal([0, 1], decoded.Stack(0).ToArray());
        Assert.Equal(0x20UL, decoded.Locations[decoded.Stack(0)[1]].Address);
    }

    [Fact]
    public void Encoding_allocates_nothing_per_sample()
    {
        var small = Synthetic(sampleCount: 1_000);
        var large = Synthetic(sampleCount: 100_000);
        ProfileProtoEncoder.WriteUncompressed(small, Stream.Null);

        var smallBytes = AllocatedWhile(() => ProfileProtoEncoder.WriteUncompressed(small, Stream.Null));
        var largeBytes = AllocatedWhile(() => ProfileProtoEncoder.WriteUncompressed(large, Stream.Null));

        // 99,000 more samples (each with a stack, two values and two labels) cost no more than a few kilobytes more.
        Assert.True(largeBytes - smallBytes < 16 * 1024, $"{smallBytes} bytes for 1,000 samples, {largeBytes} for 100,000");
    }

    private static long AllocatedWhile(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static Profile RoundTrip(Profile profile) => ProfileReader.ReadBytes("encoded.pb.gz", ProfileProtoEncoder.ToArray(profile));

    /// <summary>A profile with every kind of field set: two sample types, labels of both kinds, an unmapped location, inlined lines.</summary>
    internal static Profile Synthetic(int sampleCount)
    {
        var builder = new ProfileBuilder
        {
            Header = new ProfileHeader
            {
                DropFrames = "runtime\\..*",
                KeepFrames = "main\\..*",
                TimeNanos = 1_764_000_000_123_456_789,
                DurationNanos = 30_000_000_000,
                PeriodType = new GoMem.Profiles.ValueType("space", "bytes"),
                Period = 524288,
                Comments = ["first comment", "", "third: ünïcode"],
                DefaultSampleType = "inuse_space",
                DocUrl = "https://example.com/doc",
            },
        };
        builder.AddSampleType(new GoMem.Profiles.ValueType("inuse_objects", "count"));
        builder.AddSampleType(new GoMem.Profiles.ValueType("inuse_space", "bytes"));
        var binary = builder.AddMapping(new Mapping(1, 0x400000, 0x600000, 0, "/opt/app", "abc123", true, true, true, false));
        builder.AddMapping(new Mapping(2, 0x7f0000000000, 0x7f0000100000, 0x1000, "libc.so.6", "", false, false, false, false));
        var main = builder.AddFunction(new Function(10, "main.main", "main.main", "main.go", 12));
        var grow = builder.AddFunction(new Function(11, "main.(*cache).grow", "main.(*cache).grow", "cache.go", -1));
        var leaf = builder.AddLocation(new Location(100, binary, 0x401000, [new Line(grow, 40, 7), new Line(main, 20, 0)], false));
        var root = builder.AddLocation(new Location(101, binary, 0x402000, [new Line(main, 25, 0)], true));
        var unmapped = builder.AddLocation(new Location(102, -1, 0xdeadbeef, [], false));
        for (var s = 0; s < sampleCount; s++)
        {
            long[] values = s % 2 == 1 ? [-7, long.MinValue + s] : [s, (long)s * 4096];
            int[] stack = (s % 3) switch { 0 => [leaf, root], 1 => [unmapped, leaf, root], _ => [] };
            Label[] labels = s % 4 == 3 ? [] : [new Label("bytes", null, 4096 + s, s % 2 == 1 ? "bytes" : null), new Label("handler", "/api/items", 0, null)];
            builder.AddSample(values, stack, labels);
        }

        return builder.Build();
    }

    private static TheoryData<string> Fixtures(string pattern)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.TestData, pattern, SearchOption.AllDirectories).Where(RepoPaths.IsFixture).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoPaths.TestData, file));
        }

        return data;
    }
}
