using System.Globalization;
using System.Text;
using GoMem.Goroutines;
using Xunit.Abstractions;

namespace GoMem.Tests.Goroutines;

/// <summary>
/// Dumps in which every goroutine has a stack of its own (the shape of scripts/make-distinct-goroutine-dump.sh, smaller):
/// what is kept and what is allocated follow the distinct stacks at a few hundred bytes each, in every text form, and
/// the report of a large dump builds only the groups it shows.
/// </summary>
public sealed class DistinctStacksTests(ITestOutputHelper output)
{
    private const int Stacks = 100_000;

    [Theory]
    [InlineData("debug1", 400, 1_000)]
    [InlineData("debug2", 400, 1_000)]
    public void Memory_follows_the_distinct_stacks(string kind, int keptPerStack, int allocatedPerStack)
    {
        var bytes = Encoding.ASCII.GetBytes(Dump(kind, Stacks));
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var dump = GoroutineDumpReader.ReadBytes("distinct.txt", bytes);
        var report = GoroutineReport.Analyze(dump, new GoroutineReportOptions { MaxGroups = 20 });
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var kept = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"{kind}: {bytes.Length} bytes, {Stacks} stacks: kept {kept / Stacks} bytes and allocated {allocated / Stacks} bytes per stack");

        Assert.Equal(Stacks, dump.Total);
        Assert.Equal(Stacks, dump.Stacks.Count);
        Assert.Equal(20, report.Groups.Count);
        Assert.Equal(Stacks - 20, report.OmittedGroups);
        Assert.InRange(kept / Stacks, 1, keptPerStack);
        Assert.InRange(allocated / Stacks, 1, allocatedPerStack);
        GC.KeepAlive(dump);
    }

    [Fact]
    public void The_largest_groups_are_chosen_and_ordered_as_a_full_sort_orders_them()
    {
        // Counts repeat (many ties), so the order rests on name and first appearance as well.
        var text = new StringBuilder("goroutine profile: total 0\n");
        var random = new Random(7);
        for (var i = 0; i < 2_000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{1 + random.Next(6)} @ 0x{0x400000 + (i * 64):x}\n");
            text.Append(CultureInfo.InvariantCulture, $"#\t0x{0x400000 + (i * 64) - 1:x}\tmain.f{random.Next(300)}+0x2a\tgen/f.go:{i}\n\n");
        }

        var dump = GoroutineDumpReader.ReadBytes("ties.txt", Encoding.ASCII.GetBytes(text.ToString()));
        var all = GoroutineReport.Analyze(dump).Groups;
        var top = GoroutineReport.Analyze(dump, new GoroutineReportOptions { MaxGroups = 25 }).Groups;
        Assert.Equal(all.Take(25).Select(g => (g.Key, g.Count, g.Stack[0].Line)), top.Select(g => (g.Key, g.Count, g.Stack[0].Line)));
        Assert.Equal(all.OrderByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Stack[0].Line), all.Select(g => g.Stack[0].Line));
    }

    /// <summary>The dumps of scripts/make-distinct-goroutine-dump.sh, written here the same way.</summary>
    private static string Dump(string kind, int n)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        string[] states = ["chan receive", "select", "semacquire", "IO wait", "sleep"];
        if (kind == "debug1")
        {
            text.Append(c, $"goroutine profile: total {n}\n");
        }

        for (var i = 0; i < n; i++)
        {
            if (kind == "debug1")
            {
                long leaf = 4194304 + (i * 64L) + 43, caller = 134217728 + ((i % 1000) * 256L) + 101;
                text.Append(c, $"1 @ 0x{leaf:x} 0x{caller:x}\n");
                text.Append(c, $"#\t0x{leaf - 1:x}\tmain.f{i}+0x2a\tgen/f.go:{10 + i}\n");
                text.Append(c, $"#\t0x{caller - 1:x}\tmain.g{i % 1000}+0x64\tgen/g.go:{20 + ((i % 1000) * 3)}\n\n");
            }
            else
            {
                var wait = i % 7 == 0 ? $", {1 + (i % 90)} minutes" : "";
                text.Append(c, $"goroutine {100 + i} [{states[i % 5]}{wait}]:\n");
                text.Append(c, $"main.f{i}(0xc{4096 + (i * 48):x9})\n\tgen/f.go:{10 + i} +0x2a\n");
                text.Append(c, $"main.g{i % 1000}()\n\tgen/g.go:{20 + ((i % 1000) * 3)} +0x64\n");
                text.Append(c, $"created by main.spawn{i % 10}\n\tgen/spawn.go:{30 + (i % 10)} +0x188\n\n");
            }
        }

        return text.ToString();
    }
}
