using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text;
using GoMem.IO;
using GoMem.Profiles.Parsing;

namespace GoMem.Goroutines.Parsing;

/// <summary>
/// Streams a <c>/debug/pprof/goroutine?debug=1</c> profile into a dump: "N @ 0x... 0x..." records, each followed by
/// the "#" lines Go writes for its frames (address, function+offset, file:line; the runtime's own leaf frames are not
/// written) and, with pprof.Do labels, a "# labels: {...}" line. The frames of a record are its "#" lines in order:
/// the same frames the legacy profile parser symbolizes the record with, without building the profile (addresses,
/// locations, mappings), so a dump of a million distinct stacks is read in one pass with memory for its stacks only.
/// </summary>
internal static class GoroutineProfileTextParser
{
    public const string Header = "goroutine profile: total ";

    private const int MaxFramesPerRecord = TracebackParser.MaxFramesPerGoroutine;

    /// <summary>True when the first line (after blank and comment lines) is the goroutine profile's header.</summary>
    public static bool LooksLikeGoroutineProfile(ReadOnlySpan<byte> head)
    {
        foreach (var range in head.Split((byte)'\n'))
        {
            var line = head[range].Trim(" \t\r"u8);
            if (line.IsEmpty || line[0] == (byte)'#')
            {
                continue;
            }

            return line.StartsWith(Encoding.ASCII.GetBytes(Header));
        }

        return false;
    }

    public static GoroutineDump Parse(Stream content, string source, InputLimits? limits = null)
    {
        var reader = new BoundedLineReader(content, source);
        var table = new GoroutineStackTable(source, (limits ?? InputLimits.Default).MaxTableEntries);
        ReadHeader(reader);
        var frames = new List<GoroutineFrame>();
        var labels = "";
        long count = -1;
        while (reader.TryReadLine(out var line))
        {
            var trimmed = line.TrimStart(" \t"u8);
            if (trimmed.IsEmpty)
            {
                continue;
            }

            if (trimmed[0] == (byte)'#')
            {
                if (count < 0)
                {
                    continue;
                }

                if (trimmed.StartsWith("# labels: "u8))
                {
                    labels = Labels(table, trimmed["# labels: ".Length..], reader);
                }
                else if (TryReadFrame(table, trimmed, out var frame))
                {
                    if (frames.Count >= MaxFramesPerRecord)
                    {
                        throw ByteLineReaderErrors.TooManyFrames(source, reader.LineNumber, MaxFramesPerRecord);
                    }

                    frames.Add(frame);
                }

                continue;
            }

            if (trimmed.StartsWith("---"u8) || trimmed.IndexOf("MAPPED_LIBRARIES:"u8) >= 0)
            {
                // The memory map section after the records: nothing a goroutine dump needs.
                break;
            }

            Flush(table, frames, labels, count, reader.LineNumber);
            labels = "";
            count = RecordCount(trimmed) ?? throw new BadInputException(source, $"malformed count sample \"{Shorten(Encoding.UTF8.GetString(trimmed))}\"", lineNumber: reader.LineNumber);
        }

        Flush(table, frames, labels, count, reader.LineNumber);
        return new GoroutineDump(source, GoroutineDumpFormat.Debug1, table.Total, table.Build(), Truncated: false);
    }

    private static void ReadHeader(BoundedLineReader reader)
    {
        while (reader.TryReadLine(out var line))
        {
            var trimmed = line.Trim(" \t"u8);
            if (trimmed.IsEmpty || trimmed[0] == (byte)'#')
            {
                continue;
            }

            var header = Encoding.ASCII.GetBytes(Header);
            if (!trimmed.StartsWith(header) || !Utf8Parser.TryParse(trimmed[header.Length..], out long _, out var used) || used != trimmed.Length - header.Length)
            {
                throw new BadInputException(reader.Source, "not a goroutine profile (expected \"goroutine profile: total N\")", lineNumber: reader.LineNumber);
            }

            return;
        }

        throw new BadInputException(reader.Source, "the file holds no profile header", lineNumber: reader.LineNumber);
    }

    /// <summary>The record read so far (none before the first: <paramref name="count"/> -1) counted into its stack.</summary>
    private static void Flush(GoroutineStackTable table, List<GoroutineFrame> frames, string labels, long count, long lineNumber)
    {
        if (count >= 0)
        {
            table.Add(CollectionsMarshal.AsSpan(frames), null, labels, "", count, null, false, lineNumber);
            frames.Clear();
        }
    }

    /// <summary>N of "N @ 0x1 0x2 ...", as pprof's count pattern <c>^(\d+) @((?: 0x[0-9a-f]+)+)$</c> accepts it; null otherwise.</summary>
    private static long? RecordCount(ReadOnlySpan<byte> line)
    {
        line = line.TrimEnd(" \t"u8);
        if (!Utf8Parser.TryParse(line, out long count, out var used) || used == 0 || count < 0 || !char.IsAsciiDigit((char)line[0]))
        {
            return null;
        }

        var rest = line[used..];
        if (!rest.StartsWith(" @"u8) || rest.Length == 2)
        {
            return null;
        }

        foreach (var range in rest[2..].Split((byte)' '))
        {
            var address = rest[2..][range];
            if (range.Start.Value == 0 && address.IsEmpty)
            {
                continue;
            }

            if (address.Length < 3 || !address.StartsWith("0x"u8) || address[2..].IndexOfAnyExcept("0123456789abcdef"u8) >= 0)
            {
                return null;
            }
        }

        return count;
    }

    /// <summary>
    /// "#\t0x4be92a\tmain.f+0x2a\tpath/main.go:40" as pprof's <c>^#\s+0x([0-9a-f]+)\s+(\S+)\+0x([0-9a-f]+)\s+(.*):(\d+)\s*$</c>
    /// reads it; false for other comment lines (an address without a name).
    /// </summary>
    private static bool TryReadFrame(GoroutineStackTable table, ReadOnlySpan<byte> line, out GoroutineFrame frame)
    {
        frame = null!;
        var rest = line[1..];
        var gap = rest.IndexOfAnyExcept(" \t\v\f\r"u8);
        if (gap <= 0 || !rest[gap..].StartsWith("0x"u8))
        {
            return false;
        }

        rest = rest[(gap + 2)..];
        var hexEnd = rest.IndexOfAnyExcept("0123456789abcdef"u8);
        if (hexEnd <= 0)
        {
            return false;
        }

        rest = rest[hexEnd..];
        gap = rest.IndexOfAnyExcept(" \t\v\f\r"u8);
        if (gap <= 0)
        {
            return false;
        }

        rest = rest[gap..];
        var tokenEnd = rest.IndexOfAny(" \t\v\f\r"u8);
        if (tokenEnd < 0)
        {
            return false;
        }

        var token = rest[..tokenEnd];
        var plus = token.LastIndexOf("+0x"u8);
        if (plus <= 0 || plus + 3 == token.Length || token[(plus + 3)..].IndexOfAnyExcept("0123456789abcdef"u8) >= 0)
        {
            return false;
        }

        var place = rest[tokenEnd..].Trim(" \t\v\f\r"u8);
        var colon = place.LastIndexOf((byte)':');
        if (colon < 0 || colon + 1 == place.Length || place[(colon + 1)..].IndexOfAnyExcept("0123456789"u8) >= 0 ||
            !Utf8Parser.TryParse(place[(colon + 1)..], out long number, out _))
        {
            return false;
        }

        frame = table.Frame(table.Intern(token[..plus]), table.Intern(place[..colon]), number);
        return true;
    }

    /// <summary>The record's pprof.Do labels, {"k":"v", ...}, as the table's sorted "k=v, k2=v2" text.</summary>
    private static string Labels(GoroutineStackTable table, ReadOnlySpan<byte> text, BoundedLineReader reader)
    {
        var labels = LegacyTextProfileParser.ParseCountLabels(Encoding.UTF8.GetString(text))
            ?? throw new BadInputException(reader.Source, $"malformed labels \"{Shorten(Encoding.UTF8.GetString(text))}\"", lineNumber: reader.LineNumber);
        var pairs = new (string Key, string Value)[labels.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = (labels[i].Key, labels[i].Text ?? "");
        }

        return table.LabelText(pairs);
    }

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "...";
}
