using System.Runtime.InteropServices;
using GoMem.Goroutines.Parsing;
using GoMem.IO;
using GoMem.Profiles;
using GoMem.Profiles.Parsing;

namespace GoMem.Goroutines;

/// <summary>
/// Reads a goroutine dump in any form the runtime writes: profile.proto (gzip or not), <c>?debug=1</c> text, or
/// tracebacks (<c>?debug=2</c>, panic and SIGQUIT crash logs). Failures are <see cref="BadInputException"/>s.
/// </summary>
public static class GoroutineDumpReader
{
    public static GoroutineDump ReadFile(string path, InputLimits? limits = null)
    {
        using var input = InputOpener.OpenFile(path, limits);
        return Read(input, limits);
    }

    public static GoroutineDump ReadBytes(string name, byte[] data, InputLimits? limits = null)
    {
        using var input = InputOpener.OpenBytes(name, data, limits);
        return Read(input, limits);
    }

    public static GoroutineDump Read(OpenedInput input, InputLimits? limits = null)
    {
        var content = new PeekableStream(input.Content);
        var head = new byte[256];
        var length = content.Peek(head);
        if (length == 0)
        {
            throw new BadInputException(input.Name, input.WasGzip ? "the gzip data inflates to nothing" : "the file is empty", 0);
        }

        var sniffed = head.AsSpan(0, length);
        var isText = IsText(sniffed);
        if (isText && GoroutineProfileTextParser.LooksLikeGoroutineProfile(sniffed))
        {
            return GoroutineProfileTextParser.Parse(content, input.Name, limits);
        }

        if (!isText || LegacyTextProfileParser.LooksLikeLegacyText(sniffed))
        {
            var profile = ProfileReader.Read(new OpenedInput(input.Name, content, input.WasGzip), limits);
            return FromProfile(input.Name, profile, isText ? GoroutineDumpFormat.Debug1 : GoroutineDumpFormat.Proto);
        }

        return TracebackParser.Parse(content, input.Name, limits);
    }

    /// <summary>
    /// Whether the start of a text file holds a traceback's goroutine header ("goroutine 1 [running]:"), on any line and
    /// after any indentation, as the traceback reader accepts it (test frameworks indent the dumps they print).
    /// </summary>
    public static bool LooksLikeTraceback(ReadOnlySpan<byte> head)
    {
        while (!head.IsEmpty)
        {
            var end = head.IndexOf((byte)'\n');
            if (GoroutineHeader.LooksLikeHeader(end < 0 ? head : head[..end]))
            {
                return true;
            }

            head = end < 0 ? default : head[(end + 1)..];
        }

        return false;
    }

    /// <summary>Bytes a deeper look for a traceback reads at most (<see cref="FindsTraceback"/>).</summary>
    public const int TracebackSearchBytes = 1 << 20;

    /// <summary>Lines a deeper look for a traceback reads at most.</summary>
    public const int TracebackSearchLines = 20_000;

    private const int SearchChunkBytes = 1 << 16;

    /// <summary>Longer lines cannot be a goroutine header (256 bytes of indentation and a long bracket fit well within).</summary>
    private const int MaxHeaderLineBytes = 4096;

    /// <summary>
    /// Whether a goroutine header ("goroutine 1 [running]:", tested as the traceback reader tests it) starts a line within
    /// the first <paramref name="maxBytes"/> bytes and <paramref name="maxLines"/> lines of <paramref name="content"/>:
    /// for a traceback after more log lines than the first few KB hold. One pass over a fixed buffer; a line longer
    /// than a header can be is skipped, never gathered.
    /// </summary>
    public static bool FindsTraceback(Stream content, int maxBytes = TracebackSearchBytes, int maxLines = TracebackSearchLines)
    {
        var buffer = new byte[SearchChunkBytes];
        int carried = 0, lines = 0;
        long read = 0;
        var skipping = false;
        while (read < maxBytes)
        {
            var n = content.Read(buffer, carried, (int)Math.Min(buffer.Length - carried, maxBytes - read));
            if (n == 0)
            {
                // The last line, without a newline.
                return !skipping && carried > 0 && GoroutineHeader.IsHeader(TrimCarriageReturn(buffer.AsSpan(0, carried)));
            }

            read += n;
            var data = buffer.AsSpan(0, carried + n);
            var start = 0;
            var searchFrom = carried; // the carried start of a line holds no newline
            int newline;
            while ((newline = data[searchFrom..].IndexOf((byte)'\n')) >= 0)
            {
                var end = searchFrom + newline;
                if (!skipping && GoroutineHeader.IsHeader(TrimCarriageReturn(data[start..end])))
                {
                    return true;
                }

                skipping = false;
                start = searchFrom = end + 1;
                if (++lines >= maxLines)
                {
                    return false;
                }
            }

            // What is left is the start of a line: kept for the next read, unless it is already too long for a header.
            var rest = data[start..];
            skipping |= rest.Length > MaxHeaderLineBytes;
            carried = skipping ? 0 : rest.Length;
            rest[..carried].CopyTo(buffer);
        }

        return false;
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    /// <summary>
    /// A goroutine (count) profile as a dump: one stack per distinct call stack, states unknown. Locations without
    /// symbols are left out: ?debug=1 names only the frames outside the runtime in its # lines.
    /// </summary>
    public static GoroutineDump FromProfile(string source, Profile profile, GoroutineDumpFormat format)
    {
        if (profile.SampleTypes.Count != 1 || profile.SampleTypes[0].Unit != "count" ||
            (profile.SampleTypes[0].Type is not ("goroutine" or "goroutines")))
        {
            var types = string.Join(", ", profile.SampleTypes.Select(t => t.Type));
            throw new BadInputException(source, $"not a goroutine profile (its sample types are: {types})", 0);
        }

        var table = new GoroutineStackTable(source, int.MaxValue);
        var frames = new List<GoroutineFrame>();
        var labels = new List<(string Key, string Value)>();
        for (var s = 0; s < profile.SampleCount; s++)
        {
            frames.Clear();
            foreach (var locationIndex in profile.Stack(s))
            {
                foreach (var line in profile.Locations[locationIndex].Lines)
                {
                    var function = line.FunctionIndex >= 0 ? profile.Functions[line.FunctionIndex] : null;
                    var name = function?.Name ?? $"0x{profile.Locations[locationIndex].Address:x}";
                    frames.Add(table.Frame(table.Intern(name), table.Intern(function?.Filename ?? ""), line.Number));
                }
            }

            labels.Clear();
            foreach (var label in profile.Labels(s))
            {
                labels.Add((label.Key, label.IsNumeric ? label.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) + label.NumberUnit : label.Text ?? ""));
            }

            table.Add(CollectionsMarshal.AsSpan(frames), null, table.LabelText(labels), "", profile.Value(s, 0), null, false, 0);
        }

        return new GoroutineDump(source, format, table.Total, table.Build(), Truncated: false);
    }

    private static bool IsText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b is < 0x09 or (> 0x0d and < 0x20))
            {
                return false;
            }
        }

        return true;
    }
}
