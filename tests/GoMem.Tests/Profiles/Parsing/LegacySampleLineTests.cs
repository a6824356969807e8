using System.Text;
using System.Text.RegularExpressions;
using GoMem.IO;
using GoMem.Profiles;
using GoMem.Profiles.Parsing;

namespace GoMem.Tests.Profiles.Parsing;

/// <summary>
/// Legacy heap and contention record lines: the same matches as pprof's patterns (Go's regexp: leftmost, ASCII digits),
/// found in time linear in the line, so one long line of digits is refused at once instead of after minutes.
/// </summary>
public sealed class LegacySampleLineTests
{
    // pprof's heapSampleRE and contentionSampleRE, with Go's ASCII \d: the reference the linear matcher must agree with.
    private static readonly Regex HeapReference = new(@"([-]?[0-9]+): *([-]?[0-9]+) *\[ *([0-9]+): *([0-9]+) *] @([ x0-9a-f]*)", RegexOptions.CultureInvariant);
    private static readonly Regex ContentionReference = new(@"([0-9]+) *([0-9]+) @([ x0-9a-f]*)", RegexOptions.CultureInvariant);

    [Fact]
    public void Heap_lines_match_exactly_where_pprofs_pattern_does()
    {
        var random = new Random(20260519);
        const string alphabet = "0123456789-: [@]x0af 7";
        var matched = 0;
        for (var n = 0; n < 40_000; n++)
        {
            var line = n % 3 == 0 ? Mutate(random, "1: 4096 [2: 8192] @ 0x1 0x2", alphabet) : Random(random, alphabet, random.Next(0, 40));
            var expected = HeapReference.Match(line);
            var found = LegacySampleLines.TryMatchHeap(line, out var fields);
            Assert.True(expected.Success == found, $"\"{line}\": the reference says {expected.Success}");
            if (found)
            {
                matched++;
                Assert.Equal(
                    [expected.Groups[1].Value, expected.Groups[2].Value, expected.Groups[3].Value, expected.Groups[4].Value, expected.Groups[5].Value],
                    [line[fields.InuseCount], line[fields.InuseBytes], line[fields.AllocCount], line[fields.AllocBytes], line[fields.Addresses]]);
            }
        }

        Assert.True(matched > 5_000, $"only {matched} lines matched: the mutations are too destructive to test anything");
    }

    [Fact]
    public void Contention_lines_match_exactly_where_pprofs_pattern_does()
    {
        var random = new Random(19650323);
        const string alphabet = "0123456789 @x0af 7";
        var matched = 0;
        for (var n = 0; n < 40_000; n++)
        {
            var line = n % 3 == 0 ? Mutate(random, "2500 3 @ 0x1 0x2", alphabet) : Random(random, alphabet, random.Next(0, 30));
            var expected = ContentionReference.Match(line);
            var found = LegacySampleLines.TryMatchContention(line, out var fields);
            Assert.True(expected.Success == found, $"\"{line}\": the reference says {expected.Success}");
            if (found)
            {
                matched++;
                Assert.Equal(
                    [expected.Groups[1].Value, expected.Groups[2].Value, expected.Groups[3].Value],
                    [line[fields.Cycles], line[fields.Count], line[fields.Addresses]]);
            }
        }

        Assert.True(matched > 5_000, $"only {matched} lines matched");
    }

    [Fact]
    public void A_record_after_leading_garbage_reads_as_pprof_reads_it()
    {
        var profile = Read("heap profile: 1: 4096 [1: 4096] @ heap/1\nseen 777 -5 times then 1: 4096 [1: 4096] @ 0x1000\n");
        Assert.Equal(1, profile.SampleCount);
        Assert.Equal(4096, profile.Value(0, 1));
    }

    [Theory]
    [InlineData("heap profile: 1: 2 [3: 4] @ heap/1048576\n", "malformed heap sample")]
    [InlineData("--- contention:\ncycles/second=2000000000\n", "malformed contention sample")]
    public void A_megabyte_line_of_digits_is_refused_naming_its_line(string header, string problem)
    {
        // A backtracking matcher took time quadratic in such a line (160,000 digits: 11 s; this one: many minutes).
        var text = new StringBuilder(header).Append('7', 1 << 20).Append('\n').ToString();
        var e = Assert.Throws<BadInputException>(() => Read(text));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Equal(header.Count(c => c == '\n') + 1, e.LineNumber);
    }

    [Fact]
    public void A_megabyte_record_line_is_read_whole()
    {
        const int addresses = 100_000;
        var line = new StringBuilder("1: 4096 [1: 4096] @");
        for (var i = 0; i < addresses; i++)
        {
            line.Append(" 0x").Append((0x400000 + (i * 16)).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.True(line.Length > 900_000);
        var profile = Read("heap profile: 1: 4096 [1: 4096] @ heap/1\n" + line + "\n");
        Assert.Equal(addresses, profile.Stack(0).Length);
    }

    private static Profile Read(string text) => ProfileReader.ReadBytes("legacy.txt", Encoding.ASCII.GetBytes(text));

    private static string Random(Random random, string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static string Mutate(Random random, string line, string alphabet)
    {
        var chars = new StringBuilder(line);
        for (var k = random.Next(0, 4); k > 0; k--)
        {
            var at = random.Next(chars.Length + 1);
            switch (random.Next(3))
            {
                case 0 when at < chars.Length:
                    chars.Remove(at, 1);
                    break;
                case 1 when at < chars.Length:
                    chars[at] = alphabet[random.Next(alphabet.Length)];
                    break;
                default:
                    chars.Insert(at, alphabet[random.Next(alphabet.Length)]);
                    break;
            }
        }

        return chars.ToString();
    }
}
