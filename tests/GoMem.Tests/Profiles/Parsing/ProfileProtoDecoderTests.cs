using GoMem.Profiles;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Profiles.Parsing;

/// <summary>Decoder details a real Go profile does not exercise: unpacked repeats, labels, comments, odd id orders.</summary>
public sealed class ProfileProtoDecoderTests
{
    [Fact]
    public void Real_go_heap_profile_decodes_every_table()
    {
        var profile = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.2.pb.gz"));
        Assert.Equal(["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"], profile.SampleTypes.Select(t => t.Type));
        Assert.Equal(new GoMem.Profiles.ValueType("space", "bytes"), profile.Header.PeriodType);
        Assert.Equal(4096, profile.Header.Period);
        Assert.NotEqual(0, profile.Header.TimeNanos);
        Assert.Equal("/opt/gomem-examples/leakymap", profile.Mappings[0].File);
        Assert.Contains(profile.Functions, f => f.Name == "main.recordSession" && f.Filename.EndsWith("leakymap/main.go", StringComparison.Ordinal));
        Assert.Contains(profile.Locations, l => l.Lines.Length > 1);
        // Go labels each heap sample with its object size ("bytes"), except when the size is 0.
        var labelled = Enumerable.Range(0, profile.SampleCount).Count(s => profile.Labels(s).ToArray().Any(l => l.Key == "bytes" && l.IsNumeric && l.Number > 0));
        Assert.True(labelled >= profile.SampleCount - 2, $"{labelled} of {profile.SampleCount} samples carry a bytes label");
        Assert.Equal(3, profile.ResolveSampleIndex(null));
        Assert.Equal(1, profile.ResolveSampleIndex("alloc_space"));
        Assert.Equal(2, profile.ResolveSampleIndex("2"));
    }

    [Fact]
    public void Unpacked_and_packed_repeats_decode_alike()
    {
        var packed = ProtoWriter.MinimalProfile().ToArray();
        var unpacked = new ProtoWriter()
            .Message(1, new ProtoWriter().Varint(1, 1).Varint(2, 2))
            .Message(2, new ProtoWriter().Varint(1, 1).Varint(2, 42))
            .Message(4, new ProtoWriter().Varint(1, 1).Message(4, new ProtoWriter().Varint(1, 1).Varint(2, 7)))
            .Message(5, new ProtoWriter().Varint(1, 1).Varint(2, 3))
            .String(6, "").String(6, "inuse_space").String(6, "bytes").String(6, "main.f")
            .ToArray();
        var a = ProfileReader.ReadBytes("packed", packed);
        var b = ProfileReader.ReadBytes("unpacked", unpacked);
        Assert.Equal(a.Values(0).ToArray(), b.Values(0).ToArray());
        Assert.Equal(a.Stack(0).ToArray(), b.Stack(0).ToArray());
    }

    [Fact]
    public void Labels_comments_and_header_fields_are_resolved()
    {
        var bytes = new ProtoWriter()
            .Message(1, new ProtoWriter().Varint(1, 1).Varint(2, 2))
            .Message(2, new ProtoWriter()
                .Bytes(1, [2, 1])
                .Bytes(2, [5])
                .Message(3, new ProtoWriter().Varint(1, 3).Varint(2, 4))
                .Message(3, new ProtoWriter().Varint(1, 5).Varint(3, 4096).Varint(4, 2))
                .Message(3, new ProtoWriter().Varint(1, 3)))
            .Message(4, new ProtoWriter().Varint(1, 1).Varint(3, 0x1000))
            .Message(4, new ProtoWriter().Varint(1, 2).Varint(3, 0x2000))
            .String(6, "").String(6, "objects").String(6, "bytes").String(6, "handler").String(6, "api").String(6, "request")
            .String(6, "a comment").String(6, "objects")
            .Varint(13, 6)
            .Varint(14, 7)
            .Varint(9, 1_700_000_000_000_000_000)
            .ToArray();
        var profile = ProfileReader.ReadBytes("labels", bytes);
        Assert.Equal(["a comment"], profile.Header.Comments);
        Assert.Equal("objects", profile.Header.DefaultSampleType);
        Assert.Equal(1_700_000_000_000_000_000, profile.Header.TimeNanos);
        Assert.Equal([1, 0], profile.Stack(0).ToArray());
        var labels = profile.Labels(0).ToArray();
        Assert.Equal(2, labels.Length);
        Assert.Equal(new Label("handler", "api", 0, null), labels[0]);
        Assert.Equal(new Label("request", null, 4096, "bytes"), labels[1]);
    }

    [Fact]
    public void Sparse_and_unordered_ids_resolve()
    {
        var bytes = new ProtoWriter()
            .Message(1, new ProtoWriter().Varint(1, 1).Varint(2, 2))
            .Message(2, new ProtoWriter().Bytes(1, [90, 7]).Bytes(2, [3]))
            .Message(4, new ProtoWriter().Varint(1, 90).Message(4, new ProtoWriter().Varint(1, 1000).Varint(2, 1)))
            .Message(4, new ProtoWriter().Varint(1, 7))
            .Message(5, new ProtoWriter().Varint(1, 1000).Varint(2, 3))
            .String(6, "").String(6, "samples").String(6, "count").String(6, "main.leaf")
            .ToArray();
        var profile = ProfileReader.ReadBytes("sparse", bytes);
        var stack = profile.Stack(0).ToArray();
        Assert.Equal(90UL, profile.Locations[stack[0]].Id);
        Assert.Equal("main.leaf", profile.Functions[profile.Locations[stack[0]].Lines[0].FunctionIndex].Name);
        Assert.Equal(7UL, profile.Locations[stack[1]].Id);
    }
}
