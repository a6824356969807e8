using GoMem.IO;
using GoMem.Profiles.Parsing;

namespace GoMem.Profiles;

/// <summary>
/// Reads a profile in any form Go serves: profile.proto (gzip or raw) or the legacy text of <c>?debug=1</c>.
/// Every failure is a <see cref="BadInputException"/> naming the file and the byte offset or line.
/// </summary>
public static class ProfileReader
{
    private const int SniffBytes = 256;

    public static Profile ReadFile(string path, InputLimits? limits = null)
    {
        using var input = InputOpener.OpenFile(path, limits);
        return Read(input, limits);
    }

    public static Profile ReadBytes(string name, byte[] data, InputLimits? limits = null)
    {
        using var input = InputOpener.OpenBytes(name, data, limits);
        return Read(input, limits);
    }

    public static Profile Read(OpenedInput input, InputLimits? limits = null)
    {
        var content = new PeekableStream(input.Content);
        var head = new byte[SniffBytes];
        var length = content.Peek(head);
        if (length == 0)
        {
            throw new BadInputException(input.Name, input.WasGzip ? "the gzip data inflates to nothing" : "the file is empty", 0);
        }

        var sniffed = head.AsSpan(0, length);
        if (LegacyTextProfileParser.LooksLikeLegacyText(sniffed))
        {
            return Named(LegacyTextProfileParser.Parse(content, input.Name, limits), input.Name);
        }

        if (LooksLikeText(sniffed))
        {
            throw new BadInputException(input.Name, "not a profile: the file is text, but neither profile.proto nor a legacy heap or count profile", 0);
        }

        return Named(ProfileProtoDecoder.Decode(content, input.Name, limits), input.Name);
    }

    private static Profile Named(Profile profile, string source)
    {
        profile.Source = source;
        return profile;
    }

    /// <summary>Printable ASCII and whitespace only: a text file, which profile.proto (starting 0x0a) never is.</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b is not ((>= 0x20 and < 0x7f) or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                return false;
            }
        }

        return true;
    }
}
