using GoMem.Goroutines;
using GoMem.Leaks;
using GoMem.Profiles;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Leaks;

public sealed class LeakInternerTests
{
    private static Profile Heap(string series, int k) => ProfileReader.ReadFile(Path.Combine(RepoPaths.TestData, series, $"heap.{k}.pb.gz"));

    [Fact]
    public void Equal_stacks_become_one_array_of_shared_frames()
    {
        var interner = new LeakInterner();
        var a = interner.Stack([new GoroutineFrame("main.f", "main.go", 3), new GoroutineFrame("main.main", "main.go", 9)]);
        var b = interner.Stack([new GoroutineFrame("main.f", "main.go", 3), new GoroutineFrame("main.main", "main.go", 9)]);
        var other = interner.Stack([new GoroutineFrame("main.f", "main.go", 4)]);

        Assert.Same(a, b);
        Assert.NotSame(a, other);
        Assert.Equal(new GoroutineFrame("main.f", "main.go", 3), a[0]);
    }

    [Fact]
    public void A_full_interner_still_returns_equal_values()
    {
        var interner = new LeakInterner(capacity: 1);
        interner.String("kept");
        var frame = interner.Frame(new GoroutineFrame("not.kept", "x.go", 1));

        Assert.Equal(new GoroutineFrame("not.kept", "x.go", 1), frame);
        Assert.Equal("another", interner.String("another"));
    }

    [Fact]
    public void Digests_of_two_processes_sharing_an_interner_share_their_stacks_and_keep_their_own_values()
    {
        var interner = new LeakInterner();
        var first = HeapDigest.Of(Heap("leakymap-series", 7), interner)!;
        var second = HeapDigest.Of(Heap("leakymap-series", 8), interner)!;
        var alone = HeapDigest.Of(Heap("leakymap-series", 8))!;

        var shared = first.Sites.Join(second.Sites, s => s.Key, s => s.Key, (a, b) => (a.Value.Stack, b.Value.Stack)).ToList();
        Assert.NotEmpty(shared);
        Assert.Contains(shared, pair => ReferenceEquals(pair.Item1, pair.Item2));
        Assert.Equal(alone.Sites.Select(s => s.Key), second.Sites.Select(s => s.Key));
        Assert.Equal(alone.Sites.Select(s => s.Value.Space(1)[0]), second.Sites.Select(s => s.Value.Space(1)[0]));
        Assert.Equal(alone.InuseBytes, second.InuseBytes);
    }

    [Fact]
    public void Sites_are_in_key_order()
    {
        var digest = HeapDigest.Of(Heap("leakymap-series", 8), new LeakInterner())!;

        Assert.Equal(digest.Sites.Select(s => s.Key).Order(StringComparer.Ordinal), digest.Sites.Select(s => s.Key));
    }

    [Fact]
    public void Interning_from_many_threads_at_once_gives_every_caller_equal_values()
    {
        var interner = new LeakInterner();
        var stacks = Enumerable.Range(0, 64).Select(i => new[] { new GoroutineFrame($"f{i % 8}", "a.go", i % 5), new GoroutineFrame("main.main", "main.go", 1) }).ToArray();

        var results = new IReadOnlyList<GoroutineFrame>[8][];
        Parallel.For(0, 8, t => results[t] = [.. stacks.Select(interner.Stack)]);

        for (var i = 0; i < stacks.Length; i++)
        {
            Assert.All(results, r => Assert.Equal(stacks[i], r[i]));
            Assert.All(results, r => Assert.Same(results[0][i], r[i]));
        }
    }
}
