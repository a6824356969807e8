using System.IO.Compression;
using GoMem.Escape;
using GoMem.Escape.Analysis;
using GoMem.Escape.Parsing;
using GoMem.Profiles;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Escape;

/// <summary>The other forms a log or profile can come in: gzip, -m only on both sides of a diff, the in-use view.</summary>
public sealed class EscapeInputFormsTests
{
    [Fact]
    public void A_gzipped_log_reads_like_the_plain_one()
    {
        var file = Path.GetTempFileName();
        try
        {
            using (var gzip = new GZipStream(File.Create(file), CompressionLevel.Optimal))
            {
                gzip.Write(File.ReadAllBytes(EscapeFixtures.Path("v1", "m2.txt")));
            }

            var plain = EscapeFixtures.Read("v1", "m2.txt");
            var zipped = EscapeLogParser.ReadPath(file);
            Assert.Equal(plain.Findings.Length, zipped.Findings.Length);
            Assert.Equal(plain.Findings.Select(f => (f.Kind, f.Function, f.Name, f.Line)), zipped.Findings.Select(f => (f.Kind, f.Function, f.Name, f.Line)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Diff_of_m_only_logs_matches_by_file_and_still_finds_the_new_leak()
    {
        var diff = EscapeDiffAnalysis.Analyze(EscapeFixtures.Read("v1", "m1.txt"), EscapeFixtures.Read("v2", "m1.txt"));
        Assert.Contains(diff.Changes, c => c.Kind == EscapeChangeKind.NewEscape && c.New!.Finding is { Kind: EscapeKind.LeakingParamContent, Name: "ps", Line: 108 });
        Assert.Contains(diff.Changes, c => c.Kind == EscapeChangeKind.GoneEscape && c.Old!.Finding.Name == "new([262144]byte)");
        Assert.DoesNotContain(diff.Changes, c => c.Kind == EscapeChangeKind.LostInline); // -m prints no "cannot inline"
    }

    [Fact]
    public void The_in_use_view_ranks_what_is_still_live()
    {
        var log = EscapeFixtures.Read("v1", "m2.txt");
        var profile = ProfileReader.ReadFile(EscapeFixtures.Path("v1", "allocs.pb.gz"));
        var allocated = EscapeHotAnalysis.Analyze(log, profile, "allocs.pb.gz");
        var live = EscapeHotAnalysis.Analyze(log, profile, "allocs.pb.gz", "inuse_space");
        Assert.Equal(("inuse_space", "inuse_objects"), (live.BytesType, live.ObjectsType));
        Assert.True(live.TotalBytes < allocated.TotalBytes);
        // Register keeps every 100th point in a global: NewPoint's heap-moved p is the one escape still live.
        var top = live.Sites[0];
        Assert.Equal(("patterns/patterns.go", 21), (top.File, top.Line));
        Assert.Equal(20, top.Objects);
    }
}
