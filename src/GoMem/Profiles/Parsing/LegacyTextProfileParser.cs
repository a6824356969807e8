using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GoMem.IO;

namespace GoMem.Profiles.Parsing;

/// <summary>
/// Parses the legacy text profiles Go still serves with <c>?debug=1</c>: the heap format
/// (<c>heap profile: a: b [c: d] @ heap/N</c>, also C++ heapz/growthz), count profiles
/// (<c>goroutine profile: total N</c>) and contention profiles (<c>--- mutex:</c>, <c>--- contention:</c>, C++
/// <c>--- contentionz 1 ---</c>); also gperftools' threadz text. Follows pprof's profile/legacy_profile.go: stack
/// addresses are moved back one byte onto the call instruction (all of them; for threadz all but the leaf), heap samples are un-sampled with scale = 1/(1-exp(-(size/count)/rate))
/// where <c>@ heap/N</c> means rate N/2, and the memory map section is read and massaged the way pprof does
/// (adjacent mappings merged, main binary first, the 0x400000 start fix-up, a catch-all mapping for addresses
/// outside every mapping, IDs in order of first use). Without comment lines the result equals pprof's parse.
/// Unlike pprof, which needs the binary to name frames, the <c>#</c> comment lines Go writes under each record
/// (address, function, file:line) are used to symbolize the profile.
/// </summary>
internal sealed partial class LegacyTextProfileParser
{
    private readonly BoundedLineReader _reader;
    private readonly InputLimits _limits;
    private readonly ProfileBuilder _builder = new();
    private readonly Dictionary<(ulong Inner, ulong Outer), int> _locationByAddress = [];
    private readonly Dictionary<ulong, List<SymbolLine>> _symbols = [];
    private readonly List<PendingSample> _samples = [];
    private readonly List<PendingLocation> _locations = [];
    private readonly List<(string Name, string File)> _functions = [];
    private readonly Dictionary<(string Name, string File), int> _functionIndex = [];
    private readonly List<PendingMapping> _mappings = [];
    private bool _isHeap;
    private bool _isThreadz;
    private string? _pendingLine;

    private LegacyTextProfileParser(BoundedLineReader reader, InputLimits limits)
    {
        _reader = reader;
        _limits = limits;
    }

    /// <summary>True when the first bytes look like a legacy text profile this parser understands.</summary>
    public static bool LooksLikeLegacyText(ReadOnlySpan<byte> head)
    {
        var text = Encoding.ASCII.GetString(head).TrimStart();
        var first = text.Split('\n')[0].TrimEnd('\r');
        return text.StartsWith("heap profile:", StringComparison.Ordinal) || CountHeader().IsMatch(first) || IsContentionHeader(first) ||
            ThreadzHeader().IsMatch(first) || ThreadHeader().IsMatch(first);
    }

    public static Profile Parse(Stream content, string source, InputLimits? limits = null)
    {
        var parser = new LegacyTextProfileParser(new BoundedLineReader(content, source), limits ?? InputLimits.Default);
        return parser.Parse();
    }

    private Profile Parse()
    {
        var header = ReadHeaderLine();
        string? line;
        if (HeapHeader().Match(header) is { Success: true } heap)
        {
            ParseHeap(heap);
        }
        else if (GrowthHeader().IsMatch(header) || FragmentationHeader().IsMatch(header))
        {
            SetHeapTypes(hasAlloc: false, period: 1);
            ParseHeapRecords(sampling: "", rate: 1, hasAlloc: false);
        }
        else if (CountHeader().Match(header) is { Success: true } count)
        {
            ParseCount(count.Groups[1].Value);
        }
        else if (ThreadzHeader().IsMatch(header) || ThreadHeader().IsMatch(header))
        {
            ParseThreads(header);
        }
        else if (IsContentionHeader(header))
        {
            ParseContention();
        }
        else
        {
            throw Bad("not a recognised legacy text profile header (expected \"heap profile: ...\", \"NAME profile: total N\" or \"--- contention:\")");
        }

        // Anything after the records: skip to a memory map section if present (pprof's parseAdditionalSections).
        while ((line = _pendingLine ?? _reader.ReadLine()) is not null)
        {
            _pendingLine = null;
            if (IsMemoryMapTrigger(line))
            {
                ParseMemoryMap();
                break;
            }
        }

        return Finish();
    }

    private string ReadHeaderLine()
    {
        string? line;
        while ((line = _reader.ReadLine()) is not null)
        {
            if (!IsSpaceOrComment(line))
            {
                return line;
            }
        }

        throw Bad("the file holds no profile header");
    }

    private void ParseHeap(Match header)
    {
        long period = 0;
        if (header.Groups[6].Value.Length > 0 && !long.TryParse(header.Groups[6].Value, NumberStyles.None, CultureInfo.InvariantCulture, out period))
        {
            throw Bad("sampling rate in the heap profile header is not a number");
        }

        var g = header.Groups;
        var hasAlloc = (g[3].Value != g[1].Value && g[3].Value != "0") || (g[4].Value != g[2].Value && g[4].Value != "0");
        string sampling;
        switch (g[5].Value)
        {
            case "heapz_v2" or "heap_v2":
                sampling = "v2";
                break;
            case "heapprofile":
                sampling = "";
                period = 1;
                break;
            case "heap":
                sampling = "v2";
                period /= 2;
                break;
            default:
                throw Bad($"unknown heap profile kind \"{g[5].Value}\"");
        }

        SetHeapTypes(hasAlloc, period);
        ParseHeapRecords(sampling, period, hasAlloc);
    }

    private void SetHeapTypes(bool hasAlloc, long period)
    {
        _isHeap = true;
        if (hasAlloc)
        {
            // Alloc before inuse, so the default (last) sample type is inuse_space, as in pprof.
            _builder.AddSampleType(new ValueType("alloc_objects", "count"));
            _builder.AddSampleType(new ValueType("alloc_space", "bytes"));
            _builder.AddSampleType(new ValueType("inuse_objects", "count"));
            _builder.AddSampleType(new ValueType("inuse_space", "bytes"));
        }
        else
        {
            _builder.AddSampleType(new ValueType("objects", "count"));
            _builder.AddSampleType(new ValueType("space", "bytes"));
        }

        _builder.Header = _builder.Header with { PeriodType = new ValueType("space", "bytes"), Period = period };
    }

    private void ParseHeapRecords(string sampling, long rate, bool hasAlloc)
    {
        string? line;
        Span<long> values = stackalloc long[4];
        while ((line = _reader.ReadLine()) is not null)
        {
            if (IsSpaceOrComment(line))
            {
                CollectSymbol(line);
                continue;
            }

            line = line.Trim();
            if (IsMemoryMapTrigger(line))
            {
                _pendingLine = line;
                return;
            }

            var m = HeapSample().Match(line);
            if (!m.Success)
            {
                throw Bad($"malformed heap sample \"{Shorten(line)}\"", _reader.LineNumber);
            }

            var count = 0;
            long blockSize = 0;
            if (hasAlloc)
            {
                AddHeapValues(m.Groups[3].Value, m.Groups[4].Value, "allocation", sampling, rate, values, ref count, ref blockSize);
            }

            AddHeapValues(m.Groups[1].Value, m.Groups[2].Value, "inuse", sampling, rate, values, ref count, ref blockSize);
            AddSample(values[..count], m.Groups[5].Value, [new Label("bytes", null, blockSize, null)]);
        }
    }

    private void AddHeapValues(string countText, string sizeText, string what, string sampling, long rate, Span<long> values, ref int index, ref long blockSize)
    {
        if (!long.TryParse(countText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count) ||
            !long.TryParse(sizeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var size))
        {
            throw Bad($"{what} count or size is not a 64-bit number", _reader.LineNumber);
        }

        if (count == 0 && size != 0)
        {
            throw Bad($"{what} count was 0 but {what} bytes was {size}", _reader.LineNumber);
        }

        if (count != 0)
        {
            blockSize = size / count;
            if (sampling == "v2")
            {
                (count, size) = HeapSampling.Unsample(count, size, rate);
            }
        }

        values[index++] = count;
        values[index++] = size;
    }

    private void ParseCount(string profileType)
    {
        _builder.AddSampleType(new ValueType(profileType, "count"));
        _builder.Header = _builder.Header with { PeriodType = new ValueType(profileType, "count"), Period = 1 };
        string? line;
        Span<long> value = stackalloc long[1];
        while ((line = _reader.ReadLine()) is not null)
        {
            if (IsSpaceOrComment(line))
            {
                CollectSymbol(line);
                continue;
            }

            if (line.StartsWith("---", StringComparison.Ordinal) || IsMemoryMapTrigger(line))
            {
                _pendingLine = line;
                return;
            }

            var m = CountSample().Match(line);
            if (!m.Success || !long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out value[0]))
            {
                throw Bad($"malformed count sample \"{Shorten(line)}\"", _reader.LineNumber);
            }

            AddSample(value, m.Groups[2].Value, []);
        }
    }

    private static bool IsContentionHeader(string line) =>
        line.StartsWith("--- contentionz ", StringComparison.Ordinal) || line.StartsWith("--- mutex:", StringComparison.Ordinal) ||
        line.StartsWith("--- contention:", StringComparison.Ordinal);

    /// <summary>
    /// pprof's parseContention: "key = value" lines (cycles/second, sampling period, ms since reset), then
    /// "cycles count @ addresses" records. With a period, counts are multiplied by it and cycles turned into
    /// nanoseconds (cycles × period / GHz); the values are [contentions, delay].
    /// </summary>
    private void ParseContention()
    {
        _builder.AddSampleType(new ValueType("contentions", "count"));
        _builder.AddSampleType(new ValueType("delay", "nanoseconds"));
        long period = 1, cpuHz = 0, durationNanos = 0;
        string? line;
        while ((line = _reader.ReadLine()) is not null)
        {
            var trimmed = line.Trim(GoSpace);
            if (IsSpaceOrComment(trimmed))
            {
                CollectSymbol(trimmed);
                continue;
            }

            if (trimmed.StartsWith("---", StringComparison.Ordinal))
            {
                break;
            }

            var eq = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                break;
            }

            var key = trimmed[..eq].Trim(GoSpace);
            var value = trimmed[(eq + 1)..].Trim(GoSpace);
            switch (key)
            {
                case "cycles/second":
                    cpuHz = GoParseInt(value) ?? throw Bad($"cycles/second \"{Shorten(value)}\" is not a number");
                    break;
                case "sampling period":
                    period = GoParseInt(value) ?? throw Bad($"sampling period \"{Shorten(value)}\" is not a number");
                    break;
                case "ms since reset":
                    durationNanos = unchecked((GoParseInt(value) ?? throw Bad($"ms since reset \"{Shorten(value)}\" is not a number")) * 1000 * 1000);
                    break;
                case "format" or "resolution":
                    throw Bad("Java contention profiles are not supported");
                case "discarded samples":
                    break;
                default:
                    throw Bad($"unknown contention profile attribute \"{Shorten(key)}\"");
            }
        }

        _builder.Header = _builder.Header with
        {
            PeriodType = new ValueType("contentions", "count"),
            Period = period,
            DurationNanos = durationNanos,
            DropFrames = LockDropFrames,
        };

        Span<long> values = stackalloc long[2];
        for (; line is not null; line = _reader.ReadLine())
        {
            var trimmed = line.Trim(GoSpace);
            if (trimmed.StartsWith("---", StringComparison.Ordinal))
            {
                _pendingLine = trimmed;
                return;
            }

            if (IsSpaceOrComment(trimmed))
            {
                CollectSymbol(trimmed);
                continue;
            }

            var m = ContentionSample().Match(trimmed);
            if (!m.Success)
            {
                throw Bad($"malformed contention sample \"{Shorten(trimmed)}\"", _reader.LineNumber);
            }

            if (!long.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var cycles) ||
                !long.TryParse(m.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw Bad("contention cycles or count is not a 64-bit number", _reader.LineNumber);
            }

            if (period > 0)
            {
                if (cpuHz > 0)
                {
                    var cpuGHz = cpuHz / 1e9;
                    cycles = GoInt64(cycles * (double)period / cpuGHz);
                }

                count = unchecked(count * period);
            }

            values[0] = count;
            values[1] = cycles;
            AddSample(values, m.Groups[3].Value, []);
        }
    }

    /// <summary>
    /// pprof's parseThread for gperftools' threadz text: one sample (value 1) per "--- Thread ... stack: ---"
    /// block holding every hex address of the block; "[same as previous thread]" adds 1 to the previous sample.
    /// The leaf (the PC) is not a return address and keeps its value.
    /// </summary>
    private void ParseThreads(string header)
    {
        _isThreadz = true;
        _builder.AddSampleType(new ValueType("thread", "count"));
        _builder.Header = _builder.Header with { PeriodType = new ValueType("thread", "count"), Period = 1, DropFrames = CpuProfilerDropFrames };
        var line = header;
        if (ThreadzHeader().IsMatch(header))
        {
            string? next;
            while ((next = _reader.ReadLine()) is not null)
            {
                line = next;
                if (IsMemoryMapTrigger(line) || line.StartsWith('-'))
                {
                    break;
                }
            }
        }

        while (!IsMemoryMapTrigger(line))
        {
            if (line.StartsWith("---- no stack trace for", StringComparison.Ordinal))
            {
                break;
            }

            if (!ThreadHeader().IsMatch(line))
            {
                throw Bad($"expected a \"--- Thread ... stack: ---\" line, found \"{Shorten(line)}\"", _reader.LineNumber);
            }

            var addresses = new List<ulong>();
            var sameAsPrevious = false;
            string? next;
            while ((next = _reader.ReadLine()) is not null)
            {
                line = next.Trim(GoSpace);
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.StartsWith("---", StringComparison.Ordinal))
                {
                    break;
                }

                if (line.Contains("same as previous thread", StringComparison.Ordinal))
                {
                    sameAsPrevious = true;
                    continue;
                }

                foreach (Match hex in HexNumber().Matches(line))
                {
                    if (!ulong.TryParse(hex.ValueSpan[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var address))
                    {
                        throw Bad($"address {hex.Value} does not fit in 64 bits", _reader.LineNumber);
                    }

                    addresses.Add(address);
                }
            }

            if (sameAsPrevious || addresses.Count == 0)
            {
                if (_samples.Count > 0)
                {
                    _samples[^1].Values[0]++;
                }

                continue;
            }

            if (_samples.Count >= _limits.MaxTableEntries)
            {
                throw Bad($"more than {_limits.MaxTableEntries} samples (limit)", _reader.LineNumber);
            }

            _samples.Add(new PendingSample([1], [.. addresses], []));
        }

        _pendingLine = line;
    }

    /// <summary>Go's int64(f) for a float64 that may be out of range (amd64: the minimum int64).</summary>
    private static long GoInt64(double value) =>
        double.IsNaN(value) || value >= 9.2233720368547758e18 || value < -9.2233720368547758e18 ? long.MinValue : (long)value;

    /// <summary>Go's strconv.ParseInt(s, 0, 64): optional sign, 0x/0o/0b or leading-0 octal prefix, "_" separators.</summary>
    private static long? GoParseInt(string text)
    {
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        var radix = 10;
        var prefixed = false;
        if (s.Length >= 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'x' or 'o' or 'b')
        {
            radix = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            s = s[2..];
            prefixed = true;
        }
        else if (s.Length >= 1 && s[0] == '0')
        {
            radix = 8;
        }

        if (s.Length == 0)
        {
            return null;
        }

        UInt128 magnitude = 0;
        var previousWasDigit = prefixed; // "_" may follow a base prefix, or a digit
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '_')
            {
                if (!previousWasDigit || i == s.Length - 1)
                {
                    return null;
                }

                previousWasDigit = false;
                continue;
            }

            var digit = c is >= '0' and <= '9' ? c - '0' : char.ToLowerInvariant(c) is >= 'a' and <= 'z' ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= radix)
            {
                return null;
            }

            magnitude = (magnitude * (uint)radix) + (uint)digit;
            if (magnitude > (UInt128)long.MaxValue + 1)
            {
                return null;
            }

            previousWasDigit = true;
        }

        if (negative)
        {
            return magnitude == (UInt128)long.MaxValue + 1 ? long.MinValue : -(long)magnitude;
        }

        return magnitude > long.MaxValue ? null : (long)magnitude;
    }

    private void AddSample(ReadOnlySpan<long> values, string addressList, Label[] labels)
    {
        if (_samples.Count >= _limits.MaxTableEntries)
        {
            throw Bad($"more than {_limits.MaxTableEntries} samples (limit)", _reader.LineNumber);
        }

        var matches = HexNumber().Matches(addressList);
        var raw = new ulong[matches.Count];
        for (var i = 0; i < raw.Length; i++)
        {
            if (!ulong.TryParse(matches[i].ValueSpan[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out raw[i]))
            {
                throw Bad($"address {matches[i].Value} does not fit in 64 bits", _reader.LineNumber);
            }
        }

        _samples.Add(new PendingSample(values.ToArray(), raw, labels));
    }

    /// <summary>
    /// Turns a record's return addresses into locations. Go lists inlined calls as extra frames whose comment
    /// lines share the physical function's entry (PC − offset); such a run becomes one location with several
    /// lines (callee first), as in the runtime's protobuf profiles. Without comment lines every address is its
    /// own location, as in pprof.
    /// </summary>
    private int[] BuildStack(ulong[] raw)
    {
        var stack = new List<int>(raw.Length);
        for (var i = 0; i < raw.Length;)
        {
            var end = i + 1;
            var entry = EntryOf(raw[i]);
            while (entry is not null && end < raw.Length && EntryOf(raw[end]) == entry)
            {
                end++;
            }

            // The addresses are return addresses, pointing after the call: like pprof's heap, count and contention
            // parsers, move every frame (the leaf too, which in these profiles is also a call into the allocator or
            // runtime) back one byte onto the call instruction. 0 wraps around, as Go's uint64 arithmetic does.
            // In threadz profiles the leaf is the thread's PC and stays as it is. Locations are shared by address.
            var outer = raw[end - 1];
            var address = _isThreadz && end == 1 ? outer : unchecked(outer - 1);
            var key = (_isThreadz && i == 0 ? raw[i] : unchecked(raw[i] - 1), address);
            if (!_locationByAddress.TryGetValue(key, out var location))
            {
                if (_locations.Count >= _limits.MaxTableEntries)
                {
                    throw Bad($"more than {_limits.MaxTableEntries} locations (limit)");
                }

                location = _locations.Count;
                _locations.Add(new PendingLocation(address, SymbolLines(raw.AsSpan(i, end - i))));
                _locationByAddress[key] = location;
            }

            stack.Add(location);
            i = end;
        }

        return [.. stack];
    }

    private ulong? EntryOf(ulong returnAddress) =>
        returnAddress != 0 && _symbols.TryGetValue(returnAddress - 1, out var lines) ? lines[0].Entry : null;

    private Line[] SymbolLines(ReadOnlySpan<ulong> addresses)
    {
        if (_symbols.Count == 0)
        {
            return [];
        }

        var lines = new List<Line>(addresses.Length);
        foreach (var raw in addresses)
        {
            if (raw == 0 || !_symbols.TryGetValue(raw - 1, out var symbolLines))
            {
                continue;
            }

            foreach (var symbol in symbolLines)
            {
                lines.Add(new Line(FunctionFor(symbol.Function, symbol.File), symbol.Line, 0));
            }
        }

        return [.. lines];
    }

    private int FunctionFor(string name, string file)
    {
        if (!_functionIndex.TryGetValue((name, file), out var f))
        {
            f = _functions.Count;
            _functions.Add((name, file));
            _functionIndex[(name, file)] = f;
        }

        return f;
    }

    /// <summary>Go's comment lines: "#\t0x4a2b3c\tmain.f+0x1c\t/path/file.go:12" (frame PC is return address - 1).</summary>
    private void CollectSymbol(string line)
    {
        var m = SymbolComment().Match(line);
        if (!m.Success || !ulong.TryParse(m.Groups[1].ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var pc))
        {
            return;
        }

        if (!_symbols.TryGetValue(pc, out var lines))
        {
            lines = [];
            _symbols[pc] = lines;
        }

        var lineNumber = long.TryParse(m.Groups[5].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var offset = ulong.TryParse(m.Groups[3].ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var symbol = new SymbolLine(m.Groups[2].Value, m.Groups[4].Value, lineNumber, pc - offset);
        if (!lines.Contains(symbol))
        {
            lines.Add(symbol);
        }
    }

    /// <summary>
    /// pprof's parseProcMapsFromScanner: every line after the memory map sentinel is a /proc/self/maps line or a
    /// brief "start-limit: file" line (non-executable ones skipped); other lines of the form "name=value" define
    /// $name for the lines after them; glog prefixes are removed first. Anything else is ignored.
    /// </summary>
    private void ParseMemoryMap()
    {
        var variables = new List<(string Name, string Value)>();
        string? line;
        while ((line = _reader.ReadLine()) is not null)
        {
            line = ReplaceVariables(RemoveLoggingInfo(line), variables);
            string start, limit, perm, file, offset, buildId = "";
            if (ProcMaps.Match(line) is { Success: true } proc)
            {
                (start, limit, perm, offset, file) = (proc.Groups[1].Value, proc.Groups[2].Value, proc.Groups[3].Value, proc.Groups[4].Value, proc.Groups[5].Value);
            }
            else if (BriefMaps.Match(line) is { Success: true } brief)
            {
                (start, limit, perm, file, offset, buildId) = (brief.Groups[1].Value, brief.Groups[2].Value, brief.Groups[3].Value, brief.Groups[4].Value, brief.Groups[5].Value, brief.Groups[6].Value);
            }
            else
            {
                var eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    variables.Add(("$" + line[..eq].Trim(GoSpace), line[(eq + 1)..].Trim(GoSpace)));
                }

                continue;
            }

            if (perm.Length > 0 && !perm.Contains('x', StringComparison.Ordinal))
            {
                continue;
            }

            if (!TryHex(start, out var startValue) || !TryHex(limit, out var limitValue) || (offset.Length > 0 && !TryHex(offset, out _)))
            {
                // pprof's errUnrecognized here: the line is then taken for a variable assignment, if it is one.
                var eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    variables.Add(("$" + line[..eq].Trim(GoSpace), line[(eq + 1)..].Trim(GoSpace)));
                }

                continue;
            }

            TryHex(offset, out var offsetValue);
            if (_mappings.Count >= _limits.MaxTableEntries)
            {
                throw Bad("too many mappings (limit)", _reader.LineNumber);
            }

            _mappings.Add(new PendingMapping { Start = startValue, Limit = limitValue, Offset = offsetValue, File = file, BuildId = buildId });
        }
    }

    private static bool TryHex(string text, out ulong value)
    {
        value = 0;
        return text.Length == 0 || ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>pprof's removeLoggingInfo: drops a glog prefix such as "I0102 03:04:05.678 file.cc:12] ".</summary>
    private static string RemoveLoggingInfo(string line) =>
        LogInfo.Match(line) is { Success: true } m ? line[m.Length..] : line;

    /// <summary>Go's strings.NewReplacer over the $name/value pairs: leftmost first, earlier pairs win at a position.</summary>
    private static string ReplaceVariables(string line, List<(string Name, string Value)> variables)
    {
        if (variables.Count == 0 || !line.Contains('$', StringComparison.Ordinal))
        {
            return line;
        }

        var sb = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length;)
        {
            var replaced = false;
            foreach (var (name, value) in variables)
            {
                if (line.AsSpan(i).StartsWith(name, StringComparison.Ordinal))
                {
                    sb.Append(value);
                    i += name.Length;
                    replaced = true;
                    break;
                }
            }

            if (!replaced)
            {
                sb.Append(line[i++]);
            }
        }

        return sb.ToString();
    }

    private Profile Finish()
    {
        var symbolized = _symbols.Count > 0;
        var stacks = new int[_samples.Count][];
        for (var i = 0; i < stacks.Length; i++)
        {
            stacks[i] = BuildStack(_samples[i].Addresses);
            if (symbolized && _isHeap)
            {
                stacks[i] = TrimHiddenFrames(stacks[i]);
            }
        }

        MassageMappings();

        // pprof's remapLocationIDs and remapFunctionIDs: IDs in order of first use, unused entries dropped.
        var locationOrder = new List<int>(_locations.Count);
        var newLocation = new int[_locations.Count];
        Array.Fill(newLocation, -1);
        foreach (var stack in stacks)
        {
            for (var i = 0; i < stack.Length; i++)
            {
                ref var n = ref newLocation[stack[i]];
                if (n < 0)
                {
                    n = locationOrder.Count;
                    locationOrder.Add(stack[i]);
                }

                stack[i] = n;
            }
        }

        if (_isThreadz)
        {
            // pprof's cleanupDuplicateLocations, after the IDs are given: a leaf PC repeated (unwound and moved back
            // one byte) as the next frame is dropped from the sample; its location stays in the table.
            for (var i = 0; i < stacks.Length; i++)
            {
                var stack = stacks[i];
                if (stack.Length > 1 && _locations[locationOrder[stack[0]]].Address == unchecked(_locations[locationOrder[stack[1]]].Address + 1))
                {
                    stacks[i] = [stack[0], .. stack[2..]];
                }
            }
        }

        var newFunction = new int[_functions.Count];
        Array.Fill(newFunction, -1);
        var functionCount = 0;
        foreach (var l in locationOrder)
        {
            var lines = _locations[l].Lines;
            for (var i = 0; i < lines.Length; i++)
            {
                ref var n = ref newFunction[lines[i].FunctionIndex];
                if (n < 0)
                {
                    n = functionCount++;
                    var (name, file) = _functions[lines[i].FunctionIndex];
                    _builder.AddFunction(new Function((ulong)functionCount, name, name, file, 0));
                }

                lines[i] = lines[i] with { FunctionIndex = n };
            }
        }

        var locationMappings = RemapMappings(locationOrder);
        foreach (var m in _mappings)
        {
            _builder.AddMapping(new Mapping((ulong)_builder.MappingCount + 1, m.Start, m.Limit, m.Offset, m.File, m.BuildId, false, false, false, false));
        }

        for (var i = 0; i < locationOrder.Count; i++)
        {
            var location = _locations[locationOrder[i]];
            _builder.AddLocation(new Location((ulong)i + 1, locationMappings[i], location.Address, location.Lines, false));
        }

        for (var i = 0; i < stacks.Length; i++)
        {
            _builder.AddSample(_samples[i].Values, stacks[i], _samples[i].Labels);
        }

        if (_isHeap)
        {
            _builder.Header = _builder.Header with { DropFrames = HeapSampling.AllocationDropFrames, KeepFrames = HeapSampling.AllocationKeepFrames };
        }

        return _builder.Build();
    }

    /// <summary>
    /// Go's text writer hides the allocator's runtime frames at the leaf and runtime.goexit at the root, so those
    /// addresses have no comment line. pprof, given the binary, names the leaf ones and then prunes them
    /// (drop_frames); we drop them directly, and name the root one runtime.goexit as the binary would.
    /// </summary>
    private int[] TrimHiddenFrames(int[] stack)
    {
        var first = 0;
        while (first < stack.Length && _locations[stack[first]].Lines.Length == 0)
        {
            first++;
        }

        if (first == stack.Length)
        {
            return stack;
        }

        var last = stack.Length - 1;
        if (last > first && _locations[stack[last]].Lines.Length == 0)
        {
            _locations[stack[last]].Lines = [new Line(FunctionFor("runtime.goexit", ""), 0, 0)];
        }

        return first == 0 ? stack : stack[first..];
    }

    /// <summary>
    /// pprof's massageMappings: merges adjacent pieces of one mapping (same file and build ID where known, limit
    /// meeting start, consistent offsets), then moves the first mapping that looks like the main binary (a named
    /// file that is neither a shared library nor "[...]") to the front.
    /// </summary>
    private void MassageMappings()
    {
        if (_mappings.Count > 1)
        {
            var merged = new List<PendingMapping> { _mappings[0] };
            foreach (var m in _mappings.Skip(1))
            {
                var last = merged[^1];
                if (Adjacent(last, m))
                {
                    last.Limit = m.Limit;
                    if (m.File.Length > 0)
                    {
                        last.File = m.File;
                    }

                    if (m.BuildId.Length > 0)
                    {
                        last.BuildId = m.BuildId;
                    }

                    continue;
                }

                merged.Add(m);
            }

            _mappings.Clear();
            _mappings.AddRange(merged);
        }

        for (var i = 0; i < _mappings.Count; i++)
        {
            var file = _mappings[i].File.Replace("(deleted)", "", StringComparison.Ordinal).Trim(GoSpace);
            if (file.Length == 0 || SharedLibrary().IsMatch(file) || file[0] == '[')
            {
                continue;
            }

            (_mappings[0], _mappings[i]) = (_mappings[i], _mappings[0]);
            break;
        }
    }

    private static bool Adjacent(PendingMapping m1, PendingMapping m2)
    {
        if (m1.File.Length > 0 && m2.File.Length > 0 && m1.File != m2.File)
        {
            return false;
        }

        if (m1.BuildId.Length > 0 && m2.BuildId.Length > 0 && m1.BuildId != m2.BuildId)
        {
            return false;
        }

        if (m1.Limit != m2.Start)
        {
            return false;
        }

        return m1.Offset == 0 || m2.Offset == 0 || unchecked(m1.Offset + (m1.Limit - m1.Start)) == m2.Offset;
    }

    /// <summary>
    /// pprof's remapMappingIDs: drops a leading /anon_hugepage mapping that runs into the next one, moves a main
    /// mapping whose start minus offset is 0x400000 to start there, then gives each location (in ID order) the
    /// first mapping holding its address, else the first mapping whose unencoded first part [start-offset, start)
    /// holds it (widening that mapping), else one catch-all mapping appended last. Address 0 gets no mapping.
    /// Returns each location's mapping index (or -1).
    /// </summary>
    private int[] RemapMappings(List<int> locationOrder)
    {
        if (_mappings.Count > 1 && _mappings[0].File.StartsWith("/anon_hugepage", StringComparison.Ordinal) && _mappings[0].Limit == _mappings[1].Start)
        {
            _mappings.RemoveAt(0);
        }

        const ulong ExpectedStart = 0x400000;
        if (_mappings.Count > 0 && unchecked(_mappings[0].Start - _mappings[0].Offset) == ExpectedStart)
        {
            _mappings[0].Start = ExpectedStart;
            _mappings[0].Offset = 0;
        }

        var result = new int[locationOrder.Count];
        var fake = -1;
        for (var i = 0; i < result.Length; i++)
        {
            var address = _locations[locationOrder[i]].Address;
            result[i] = -1;
            if (address == 0)
            {
                continue;
            }

            result[i] = FindMapping(address);
            if (result[i] >= 0)
            {
                continue;
            }

            if (fake < 0)
            {
                fake = _mappings.Count;
                _mappings.Add(new PendingMapping { Limit = ulong.MaxValue });
            }

            result[i] = fake;
        }

        return result;
    }

    private int FindMapping(ulong address)
    {
        for (var m = 0; m < _mappings.Count; m++)
        {
            if (_mappings[m].Start <= address && address < _mappings[m].Limit)
            {
                return m;
            }
        }

        // Legacy handlers could fail to encode the first part of a mapping split into adjacent ranges.
        for (var m = 0; m < _mappings.Count; m++)
        {
            var mapping = _mappings[m];
            if (mapping.Offset != 0 && unchecked(mapping.Start - mapping.Offset) <= address && address < mapping.Start)
            {
                mapping.Start -= mapping.Offset;
                mapping.Offset = 0;
                return m;
            }
        }

        return -1;
    }

    private static bool IsSpaceOrComment(string line)
    {
        var trimmed = line.AsSpan().Trim();
        return trimmed.Length == 0 || trimmed[0] == '#';
    }

    private static bool IsMemoryMapTrigger(string line) =>
        line.Contains("--- Memory map: ---", StringComparison.Ordinal) || line.Contains("MAPPED_LIBRARIES:", StringComparison.Ordinal);

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "...";

    private BadInputException Bad(string problem, long? line = null) => new(_reader.Source, problem, lineNumber: line ?? _reader.LineNumber);

    /// <summary>Go's unicode.IsSpace for ASCII, as strings.TrimSpace trims.</summary>
    private static readonly char[] GoSpace = [' ', '\t', '\n', '\r', '\v', '\f'];

    private sealed record PendingSample(long[] Values, ulong[] Addresses, Label[] Labels);

    private sealed class PendingLocation(ulong address, Line[] lines)
    {
        public ulong Address { get; } = address;

        public Line[] Lines { get; set; } = lines;
    }

    private sealed class PendingMapping
    {
        public ulong Start { get; set; }

        public ulong Limit { get; set; }

        public ulong Offset { get; set; }

        public string File { get; set; } = "";

        public string BuildId { get; set; } = "";
    }

    private readonly record struct SymbolLine(string Function, string File, long Line, ulong Entry);

    [GeneratedRegex(@"heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)/?(\d*)")]
    private static partial Regex HeapHeader();

    [GeneratedRegex(@"heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ growthz?")]
    private static partial Regex GrowthHeader();

    [GeneratedRegex(@"heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ fragmentationz?")]
    private static partial Regex FragmentationHeader();

    [GeneratedRegex(@"^(\S+) profile: total \d+$")]
    private static partial Regex CountHeader();

    [GeneratedRegex(@"(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *] @([ x0-9a-f]*)")]
    private static partial Regex HeapSample();

    [GeneratedRegex(@"(\d+) *(\d+) @([ x0-9a-f]*)")]
    private static partial Regex ContentionSample();

    [GeneratedRegex(@"--- threadz \d+ ---")]
    private static partial Regex ThreadzHeader();

    [GeneratedRegex(@"--- Thread ([0-9A-Fa-f]+) \(name: (.*)/(\d+)\) stack: ---")]
    private static partial Regex ThreadHeader();

    /// <summary>pprof's lockRxStr: lock-profiling frames dropped from contention profiles.</summary>
    private const string LockDropFrames =
        @"RecordLockProfileData|(base::)?RecordLockProfileData.*|(base::)?SubmitMutexProfileData.*|(base::)?SubmitSpinLockProfileData.*|" +
        @"(base::Mutex::)?AwaitCommon.*|(base::Mutex::)?Unlock.*|(base::Mutex::)?UnlockSlow.*|(base::Mutex::)?ReaderUnlock.*|" +
        @"(base::MutexLock::)?~MutexLock.*|(Mutex::)?AwaitCommon.*|(Mutex::)?Unlock.*|(Mutex::)?UnlockSlow.*|(Mutex::)?ReaderUnlock.*|" +
        @"(MutexLock::)?~MutexLock.*|(SpinLock::)?Unlock.*|(SpinLock::)?SlowUnlock.*|(SpinLockHolder::)?~SpinLockHolder.*";

    /// <summary>pprof's cpuProfilerRxStr: profiler frames dropped from other legacy profiles.</summary>
    private const string CpuProfilerDropFrames = "ProfileData::Add|ProfileData::prof_handler|CpuProfiler::prof_handler|__pthread_sighandler|__restore";

    [GeneratedRegex(@"^(\d+) @((?: 0x[0-9a-f]+)+)$")]
    private static partial Regex CountSample();

    [GeneratedRegex("0x[0-9a-f]+")]
    private static partial Regex HexNumber();

    [GeneratedRegex(@"^#\s+0x([0-9a-f]+)\s+(\S+)\+0x([0-9a-f]+)\s+(.*):(\d+)\s*$")]
    private static partial Regex SymbolComment();

    [GeneratedRegex(@"([.]so$|[.]so[._][0-9]+)")]
    private static partial Regex SharedLibrary();

    // pprof's mapping patterns, with Go's ASCII \s and [[:xdigit:]] spelled out. Capture groups as upstream:
    // proc = start, limit, perm, offset, file; brief = start, limit, perm, file, offset, build ID. They run on the
    // non-backtracking engine (linear time, same leftmost-first match and captures as Go's RE2), since a
    // backtracking engine takes quadratic time on a long line of hex digits.
    private const string Space = @"[\t\n\f\r ]";
    private const string NonSpace = @"[^\t\n\f\r ]";
    private const string HexRange = "^" + Space + "*(?:0x)?([0-9A-Fa-f]+)[\t\n\f\r -]?" + Space + "*(?:0x)?([0-9A-Fa-f]+):?";
    private const string Perm = "(?:" + Space + "+([-rwxp]+))?";
    private const string SpaceString = "(?:" + Space + "+(" + NonSpace + "+))?";
    private const string SpaceHex = "(?:" + Space + "+([0-9A-Fa-f]+))?";

    private static readonly Regex ProcMaps = new(
        HexRange + Perm + SpaceHex + Space + "+[0-9A-Fa-f]+:[0-9A-Fa-f]+" + Space + "+[0-9]+" + SpaceString,
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    private static readonly Regex BriefMaps = new(
        HexRange + Perm + SpaceString + "(?:" + Space + @"+\(@([0-9A-Fa-f]+)\))?" + SpaceHex,
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    private static readonly Regex LogInfo = new(@"^[^\[\]]+:[0-9]+\]" + Space, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
}
