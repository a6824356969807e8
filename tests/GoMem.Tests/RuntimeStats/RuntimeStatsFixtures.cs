using GoMem.IO;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.RuntimeStats;

/// <summary>
/// The runtime-statistics fixtures captured from real Go programs under testdata/ (found by name, so a new
/// scenario is picked up without touching the tests), and the fuzz-like robustness check shared by every parser.
/// </summary>
internal static class RuntimeStatsFixtures
{
    /// <summary>Bytes that are syntax somewhere among the formats: flipping to them finds more parser paths than random bytes.</summary>
    private static readonly byte[] Specials = "\"{}[],:\\\n\t =#.-+e0kB"u8.ToArray();

    /// <summary>Paths relative to testdata/ of files matching <paramref name="pattern"/> in any scenario folder.</summary>
    public static TheoryData<string> Files(string pattern, Func<string, bool>? keep = null)
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(RepoPaths.TestData).Where(RepoPaths.IsFixture).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(directory, pattern).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(RepoPaths.TestData, file);
                if (keep is null || keep(relative))
                {
                    data.Add(relative);
                }
            }
        }

        return data;
    }

    /// <summary>Captured cgroup directories (cgroup.k/), relative to testdata/.</summary>
    public static TheoryData<string> CgroupDirectories()
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(RepoPaths.TestData).Where(RepoPaths.IsFixture).Order(StringComparer.Ordinal))
        {
            foreach (var cgroup in Directory.GetDirectories(directory, "cgroup.*").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(RepoPaths.TestData, cgroup));
            }
        }

        return data;
    }

    public static string FullPath(string relative) => Path.Combine(RepoPaths.TestData, relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(FullPath(relative));

    public static MemoryStream Stream(byte[] bytes) => new(bytes, writable: false);

    /// <summary>
    /// Every truncation at a step of 7 bytes, and a few hundred copies with one to three bytes changed: each must
    /// either parse or throw <see cref="BadInputException"/>, never another exception.
    /// </summary>
    public static void AssertOnlyBadInputOrSuccess(byte[] original, Action<byte[]> parse, int flips = 300)
    {
        for (var length = 0; length < original.Length; length += 7)
        {
            Attempt(original[..length], parse, $"truncated to {length} bytes");
        }

        var random = new Random(20261123);
        for (var i = 0; i < flips; i++)
        {
            var copy = (byte[])original.Clone();
            var changes = 1 + random.Next(3);
            for (var c = 0; c < changes; c++)
            {
                var at = random.Next(copy.Length);
                copy[at] = random.Next(4) switch
                {
                    0 => (byte)(copy[at] ^ (1 << random.Next(8))),
                    1 => Specials[random.Next(Specials.Length)],
                    2 => (byte)random.Next(256),
                    _ => (byte)(copy[at] + 1),
                };
            }

            Attempt(copy, parse, $"flip round {i}");
        }
    }

    private static void Attempt(byte[] bytes, Action<byte[]> parse, string what)
    {
        try
        {
            parse(bytes);
        }
        catch (BadInputException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} instead of BadInputException: {e}");
        }
    }
}
