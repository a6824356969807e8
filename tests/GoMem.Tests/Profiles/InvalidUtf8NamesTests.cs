using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GoMem.IO;
using GoMem.Profiles;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Profiles;

/// <summary>
/// Function, file and label names that are not UTF-8 (testdata/handcrafted/badutf8.pb.gz, written by pprof's own
/// profile package): the text reports carry their bytes exactly as go tool pprof prints them (its goldens are
/// compared byte for byte, from the real process's standard output and from -o files); JSON and HTML, which must be
/// UTF-8, carry U+FFFD for each of those bytes, as Go's encoding/json writes them.
/// </summary>
public sealed class InvalidUtf8NamesTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.TestData, "handcrafted");
    private static readonly string Profile = Path.Combine(Folder, "badutf8.pb.gz");

    public static TheoryData<string, string[]> Goldens() => new()
    {
        { "badutf8.top.txt", ["top", "badutf8.pb.gz"] },
        { "badutf8.traces.txt", ["traces", "badutf8.pb.gz"] },
        { "badutf8.top.lines.txt", ["top", "-lines", "badutf8.pb.gz"] },
        { "badutf8.top.files.txt", ["top", "-files", "badutf8.pb.gz"] },
    };

    [Theory]
    [MemberData(nameof(Goldens))]
    public async Task Standard_output_carries_the_bytes_pprof_prints(string golden, string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "GoMem.Cli.dll");
        var start = new ProcessStartInfo("dotnet", [cli, .. args])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        using var stdout = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.BaseStream.CopyToAsync(stdout);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal("", await stderr);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Folder, "golden", golden)), stdout.ToArray());
    }

    [Fact]
    public void An_output_file_carries_the_same_bytes()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("gomem-utf8-").FullName, "top.txt");
        try
        {
            var result = GoMemCli.Run("top", "-o", output, Profile);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(File.ReadAllBytes(Path.Combine(Folder, "golden", "badutf8.top.txt")), File.ReadAllBytes(output));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
        }
    }

    [Fact]
    public void Json_has_a_replacement_character_for_each_byte_that_is_not_utf8()
    {
        var result = GoMemCli.Run("top", "--format", "json", Profile);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var names = json.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Equal(
            ["main.caf\uFFFDx", "main.café", "main.caf\uFFFD", "main.\uFFFD\uFFFD", "main.price\uFFFD\uFFFD", "main.surrogate\uFFFD\uFFFD\uFFFD", "main.euro€"],
            names.Take(7));
        Assert.Contains("\"main.caf\\uFFFD\"", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flame_graph_page_is_valid_utf8_with_replacement_characters()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("gomem-utf8-").FullName, "flame.html");
        try
        {
            var result = GoMemCli.Run("flame", "-o", output, Profile);

            Assert.Equal(0, result.ExitCode);
            var page = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(output));
            Assert.Contains("main.caf\\uFFFD", page, StringComparison.Ordinal);
            Assert.DoesNotContain('\uDCE9', page);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
        }
    }

    [Fact]
    public void Names_keep_their_bytes_through_the_decoder_and_the_encoder()
    {
        var profile = ProfileReader.ReadFile(Profile);
        Assert.Contains(profile.Functions, f => f.Name == "main.caf\uDCE9" && f.Filename == "server/caf\uDCE9.go");

        using var encoded = new MemoryStream();
        GoMem.Profiles.Writing.ProfileProtoEncoder.WriteUncompressed(profile, encoded);
        encoded.Position = 0;
        var again = GoMem.Profiles.Parsing.ProfileProtoDecoder.Decode(encoded, "encoded");

        Assert.Equal(profile.Functions.Select(f => f.Name), again.Functions.Select(f => f.Name));
        Assert.Contains(again.Functions, f => f.Name == "main.\uDCFF\uDCFE");
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_escaped_one_by_one_and_written_back()
    {
        byte[] bytes = [.. "a"u8, 0xE9, .. "é"u8, 0xE2, 0x82, .. "x"u8, 0xED, 0xA0, 0x80, 0xFF, .. "€😀"u8];

        var text = ByteStrings.Decode(bytes);

        Assert.Equal("a\uDCE9é\uDCE2\uDC82x\uDCED\uDCA0\uDC80\uDCFF€😀", text);
        Assert.Equal(bytes, ByteStringEncoding.Instance.GetBytes(text));
        Assert.Same(string.Empty, ByteStrings.Decode([]));
    }

    [Fact]
    public void A_writer_that_encodes_in_pieces_keeps_pairs_and_escapes_whole()
    {
        var text = string.Concat(Enumerable.Repeat("x😀\uDCE9é", 5000)) + "\uD800"; // a lone high surrogate at the very end
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, ByteStringEncoding.Instance, bufferSize: 7, leaveOpen: true))
        {
            foreach (var c in text)
            {
                writer.Write(c);
            }
        }

        byte[] piece = [.. "x😀"u8, 0xE9, .. "é"u8];
        byte[] expected = [.. Enumerable.Repeat(piece, 5000).SelectMany(p => p), 0xEF, 0xBF, 0xBD];
        Assert.Equal(expected, stream.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x80 }, new byte[] { 0x61, 0xC3, 0xA9 })] // a lone continuation byte sorts before é
    [InlineData(new byte[] { 0x61, 0xC3, 0xA9 }, new byte[] { 0x61, 0xE9 })]
    [InlineData(new byte[] { 0x61, 0xEF, 0xBC, 0xA1 }, new byte[] { 0x61, 0xF0, 0x9F, 0x98, 0x80 })] // U+FF21 before U+1F600 (not so in UTF-16)
    [InlineData(new byte[] { 0x61, 0xF0, 0x9F, 0x98, 0x80 }, new byte[] { 0x61, 0xF0, 0x9F, 0x98, 0x81 })]
    [InlineData(new byte[] { 0x61, 0xC3 }, new byte[] { 0x61, 0xC3, 0xA9 })]
    [InlineData(new byte[] { 0x61, 0xC3, 0x78 }, new byte[] { 0x61, 0xC3, 0xA9, 0x78 })]
    public void Strings_order_as_go_orders_their_bytes(byte[] smaller, byte[] larger)
    {
        Assert.True(smaller.AsSpan().SequenceCompareTo(larger) < 0);
        var a = ByteStrings.Decode(smaller);
        var b = ByteStrings.Decode(larger);

        Assert.True(ByteStrings.Compare(a, b) < 0, $"{Convert.ToHexString(smaller)} < {Convert.ToHexString(larger)}");
        Assert.True(ByteStrings.Compare(b, a) > 0);
        Assert.Equal(0, ByteStrings.Compare(a, ByteStrings.Decode(smaller)));
    }
}
