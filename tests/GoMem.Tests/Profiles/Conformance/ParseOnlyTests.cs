using GoMem.IO;
using GoMem.Profiles;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Profiles.Conformance;

/// <summary>
/// The corpus inputs that have no golden (README section 4, from github.com/google/pprof, Apache-2.0): the
/// profile.proto ones must parse and hold samples; every other input, and truncated or corrupted copies of them,
/// must either parse or fail with <see cref="BadInputException"/>, never with another exception.
/// </summary>
public sealed class ParseOnlyTests
{
    private static string Corpus(params string[] parts)
    {
        var directory = Path.Combine(RepoPaths.Conformance, "pprof");
        Assert.True(Directory.Exists(directory), $"the pprof conformance corpus is missing: {directory} does not exist (expected ../shared/conformance beside the checkout)");
        var path = Path.Combine([directory, .. parts]);
        Assert.True(File.Exists(path), $"{path} is missing from the conformance corpus");
        return path;
    }

    public static TheoryData<string> ProtoInputs() =>
    [
        "internal/proftest/testdata/large.cpu",
        "internal/report/testdata/sample.cpu",
        "internal/driver/testdata/cppbench.cpu_no_samples_type",
        "internal/driver/testdata/go.nomappings.crash",
    ];

    /// <summary>Every input file of the pprof part of the corpus (goldens and source listings left out).</summary>
    public static TheoryData<string> AllInputs() =>
    [
        .. ProtoInputs(),
        "fuzz/testdata/7e3c92482f6f39fc502b822ded792c589849cca8",
        "internal/driver/testdata/cppbench.contention",
        "internal/driver/testdata/cppbench.small.contention",
        "internal/driver/testdata/cppbench.cpu",
        "internal/driver/testdata/go.crc32.cpu",
        "profile/testdata/cppbench.contention",
        "profile/testdata/cppbench.cpu",
        "profile/testdata/cppbench.growth",
        "profile/testdata/cppbench.heap",
        "profile/testdata/cppbench.thread",
        "profile/testdata/cppbench.thread.all",
        "profile/testdata/cppbench.thread.none",
        "profile/testdata/go.crc32.cpu",
        "profile/testdata/go.godoc.thread",
        "profile/testdata/gobench.cpu",
        "profile/testdata/gobench.heap",
        "profile/testdata/java.contention",
        "profile/testdata/java.cpu",
        "profile/testdata/java.heap",
    ];

    [ConformanceTheory]
    [MemberData(nameof(ProtoInputs))]
    public void Proto_input_parses_with_samples(string input)
    {
        var profile = ProfileReader.ReadFile(Corpus(input.Split('/')));

        Assert.True(profile.SampleCount > 0, $"{input} parsed with no samples");
        Assert.NotEmpty(profile.SampleTypes);
        for (var s = 0; s < profile.SampleCount; s++)
        {
            Assert.Equal(profile.SampleTypes.Count, profile.Values(s).Length);
            foreach (var location in profile.Stack(s))
            {
                Assert.InRange(location, 0, profile.Locations.Count - 1);
            }
        }
    }

    [ConformanceFact]
    public void Profile_without_mappings_parses()
    {
        var profile = ProfileReader.ReadFile(Corpus("internal", "driver", "testdata", "go.nomappings.crash"));

        Assert.Empty(profile.Mappings);
        Assert.All(profile.Locations, l => Assert.Equal(-1, l.MappingIndex));
    }

    [ConformanceTheory]
    [MemberData(nameof(AllInputs))]
    public void Input_parses_or_is_rejected_as_bad_input(string input) =>
        ParsesOrIsBadInput(input, File.ReadAllBytes(Corpus(input.Split('/'))));

    /// <summary>
    /// Fuzz-ish: prefixes of every input and copies with bytes overwritten at fixed spread-out positions (the same
    /// every run), in the stored form and, for gzip files, also in the inflated form.
    /// </summary>
    [ConformanceTheory]
    [MemberData(nameof(AllInputs))]
    public void Damaged_input_parses_or_is_rejected_as_bad_input(string input)
    {
        var original = File.ReadAllBytes(Corpus(input.Split('/')));
        var forms = new List<byte[]> { original };
        if (original.Length > 2 && original[0] == 0x1f && original[1] == 0x8b)
        {
            using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(original), System.IO.Compression.CompressionMode.Decompress);
            using var inflated = new MemoryStream();
            gzip.CopyTo(inflated);
            forms.Add(inflated.ToArray());
        }

        foreach (var data in forms)
        {
            foreach (var fraction in new[] { 0.0, 0.01, 0.1, 0.33, 0.5, 0.77, 0.99 })
            {
                var length = Math.Max(1, (int)(data.Length * fraction));
                ParsesOrIsBadInput($"{input} cut to {length} bytes", data[..length]);
            }

            var random = new Random(data.Length);
            for (var round = 0; round < 12; round++)
            {
                var copy = (byte[])data.Clone();
                for (var k = 0; k < 1 + (round % 4); k++)
                {
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                }

                ParsesOrIsBadInput($"{input} damaged (round {round})", copy);
            }
        }
    }

    private static void ParsesOrIsBadInput(string what, byte[] data)
    {
        try
        {
            ProfileReader.ReadBytes("input", data);
        }
        catch (BadInputException)
        {
            // Rejected with a clean error: fine.
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} instead of BadInputException: {e.Message}");
        }
    }
}
