using System.Text;
using GoMem.IO;
using GoMem.RuntimeStats.Proc;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.RuntimeStats.Proc;

public sealed class SmapsRollupParserTests
{
    public static TheoryData<string> RollupFiles() => RuntimeStatsFixtures.Files("smaps_rollup*.txt");

    [Fact]
    public void Snapshot_rollup_is_read_in_bytes()
    {
        var rollup = SmapsRollupParser.ParseFile(RepoPaths.Scenario("snapshot", "smaps_rollup.txt"));
        var kB = 1024L;
        Assert.Equal(44020 * kB, rollup.RssBytes);
        Assert.Equal(44016 * kB, rollup.PssBytes);
        Assert.Equal(44016 * kB, rollup.PssDirtyBytes);
        Assert.Equal(40828 * kB, rollup.PssAnonBytes);
        Assert.Equal(3188 * kB, rollup.PssFileBytes);
        Assert.Equal(0, rollup.PssShmemBytes);
        Assert.Equal(4 * kB, rollup.SharedCleanBytes);
        Assert.Equal(0, rollup.SharedDirtyBytes);
        Assert.Equal(0, rollup.PrivateCleanBytes);
        Assert.Equal(44016 * kB, rollup.PrivateDirtyBytes);
        Assert.Equal(44020 * kB, rollup.ReferencedBytes);
        Assert.Equal(40828 * kB, rollup.AnonymousBytes);
        Assert.Equal(0, rollup.LazyFreeBytes);
        Assert.Equal(0, rollup.AnonHugePagesBytes);
        Assert.Equal(0, rollup.SwapBytes);
        Assert.Equal(0, rollup.SwapPssBytes);
        Assert.Equal(0, rollup.LockedBytes);
        Assert.Equal(0, rollup.SizesBytes["KSM"]);
        Assert.Equal(22, rollup.SizesBytes.Count);
        Assert.Empty(rollup.OtherFields);
    }

    [Theory]
    [MemberData(nameof(RollupFiles))]
    public void Every_captured_rollup_parses_and_adds_up(string file)
    {
        var rollup = SmapsRollupParser.ParseFile(RuntimeStatsFixtures.FullPath(file));
        Assert.Equal(rollup.RssBytes, rollup.SharedCleanBytes + rollup.SharedDirtyBytes + rollup.PrivateCleanBytes + rollup.PrivateDirtyBytes);
        Assert.Equal(rollup.PssBytes, rollup.PssAnonBytes + rollup.PssFileBytes + rollup.PssShmemBytes);
        Assert.Equal(File.ReadAllLines(RuntimeStatsFixtures.FullPath(file)).Length - 1, rollup.SizesBytes.Count);

        // Captured right after status.k.txt: the same resident set, give or take a few pages.
        var status = ProcStatusParser.ParseFile(RuntimeStatsFixtures.FullPath(file.Replace("smaps_rollup", "status", StringComparison.Ordinal)));
        Assert.InRange(rollup.RssBytes - status.VmRSSBytes, -64 * 1024, 64 * 1024);
    }

    [Theory]
    [MemberData(nameof(RollupFiles))]
    public void Truncated_or_corrupted_rollup_gives_only_bad_input(string file)
    {
        RuntimeStatsFixtures.AssertOnlyBadInputOrSuccess(RuntimeStatsFixtures.Bytes(file), b => SmapsRollupParser.Parse(RuntimeStatsFixtures.Stream(b), file));
    }

    [Fact]
    public void Full_smaps_is_refused()
    {
        var smaps = "00400000-0052b000 r-xp 00000000 08:01 123 /opt/gomem-examples/memsnapshot\nSize:               1196 kB\nRss:                 988 kB\n" +
                    "0052b000-00656000 r--p 0012b000 08:01 123 /opt/gomem-examples/memsnapshot\nSize:               1196 kB\n";
        var e = Reject(smaps, "this is /proc/PID/smaps (one block per mapping), not smaps_rollup");
        Assert.Equal(1, e.LineNumber);
    }

    [Fact]
    public void Other_files_and_bad_values_name_their_line()
    {
        Reject("", "the file is empty");
        Reject("Name:\tcat\n", "not a Linux /proc/PID/smaps_rollup file");
        var valid = File.ReadAllText(RepoPaths.Scenario("snapshot", "smaps_rollup.txt"));
        var e = Reject(valid.Replace("Pss:               44016 kB", "Pss:               4401x kB", StringComparison.Ordinal), "Pss is not a size in kB");
        Assert.Equal(3, e.LineNumber);
        Reject(valid.Replace("Rss:", "Rss total:", StringComparison.Ordinal), "not a smaps_rollup line");
        Reject(valid.Replace("Rss:               44020 kB\n", "", StringComparison.Ordinal), "no Rss line");
        Reject(valid + "Rss: 1 kB\n", "a second Rss line");
    }

    private static BadInputException Reject(string text, string problem)
    {
        var e = Assert.Throws<BadInputException>(() => SmapsRollupParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), "smaps_rollup.txt"));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        return e;
    }
}
