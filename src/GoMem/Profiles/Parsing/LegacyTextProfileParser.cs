using System.Globalization;
using System.Text.RegularExpressions;
using GoMem.IO;

namespace GoMem.Profiles.Parsing;

/// <summary>
/// Parses the legacy text profiles Go still serves with <c>?debug=1</c>: the heap format
/// (<c>heap profile: a: b [c: d] @ heap/N</c>, also C++ heapz/growthz) and count profiles
/// (<c>goroutine profile: total N</c>). Follows pprof's rules: non-leaf addresses are moved back one byte onto
/// the call instruction, heap samples are un-sampled with scale = 1/(1-exp(-(size/count)/rate)) where
/// <c>@ heap/N</c> means rate N/2. Unlike pprof, which needs the binary to name frames, the <c>#</c> comment
/// lines Go writes under each record (address, function, file:line) are used to symbolize the profile.
/// </summary>
internal sealed partial class LegacyTextProfileParser
{
    private readonly BoundedLineReader _reader;
    private readonly InputLimits _limits;
    private readonly ProfileBuilder _builder = new();
    private readonly Dictionary<(ulong Inner, ulong Outer), int> _locationByAddress = [];
    private readonly Dictionary<ulong, List<SymbolLine>> _symbols = [];
    private readonly List<PendingSample> _samples = [];
    private bool _isHeap;

    private LegacyTextProfileParser(BoundedLineReader reader, InputLimits limits)
    {
        _reader = reader;
        _limits = limits;
    }

    /// <summary>True when the first bytes look like a legacy text profile this parser understands.</summary>
    public static bool LooksLikeLegacyText(ReadOnlySpan<byte> head)
    {
        var text = System.Text.Encoding.ASCII.GetString(head).TrimStart();
        return text.StartsWith("heap profile:", StringComparison.Ordinal) || CountHeader().IsMatch(text.Split('\n')[0]);
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
        else
        {
            throw Bad("not a recognised legacy text profile header (expected \"heap profile: ...\" or \"NAME profile: total N\")");
        }

        // Anything after the records: skip to a memory map section if present.
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

    private string? _pendingLine;

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

            // Return addresses point after the call; move non-leaf frames back onto the call instruction.
            var outer = raw[end - 1];
            var address = end - 1 > 0 ? outer - 1 : outer;
            var key = (raw[i], outer);
            if (!_locationByAddress.TryGetValue(key, out var location))
            {
                location = _builder.AddLocation(new Location((ulong)_builder.LocationCount + 1, -1, address, SymbolLines(raw.AsSpan(i, end - i)), false));
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
                if (!_functionIndex.TryGetValue((symbol.Function, symbol.File), out var f))
                {
                    f = _builder.AddFunction(new Function((ulong)_builder.FunctionCount + 1, symbol.Function, symbol.Function, symbol.File, 0));
                    _functionIndex[(symbol.Function, symbol.File)] = f;
                }

                lines.Add(new Line(f, symbol.Line, 0));
            }
        }

        return [.. lines];
    }

    private readonly Dictionary<(string Name, string File), int> _functionIndex = [];

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

    private void ParseMemoryMap()
    {
        string? line;
        while ((line = _reader.ReadLine()) is not null)
        {
            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (ProcMaps().Match(line) is { Success: true } proc)
            {
                if (!proc.Groups[3].Value.Contains('x', StringComparison.Ordinal))
                {
                    continue;
                }

                AddMapping(proc.Groups[1].Value, proc.Groups[2].Value, proc.Groups[4].Value, proc.Groups[8].Value);
            }
            else if (BriefMaps().Match(line) is { Success: true } brief)
            {
                AddMapping(brief.Groups[1].Value, brief.Groups[2].Value, brief.Groups[5].Value, brief.Groups[3].Value);
            }
        }
    }

    private void AddMapping(string start, string limit, string offset, string file)
    {
        static ulong Hex(string s) => s.Length == 0 ? 0 : ulong.Parse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (_builder.MappingCount >= _limits.MaxTableEntries)
        {
            throw Bad("too many mappings (limit)", _reader.LineNumber);
        }

        try
        {
            _builder.AddMapping(new Mapping((ulong)_builder.MappingCount + 1, Hex(start), Hex(limit), Hex(offset), file, "", false, false, false, false));
        }
        catch (OverflowException)
        {
            throw Bad("mapping address does not fit in 64 bits", _reader.LineNumber);
        }
    }

    private Profile Finish()
    {
        var symbolized = _symbols.Count > 0;
        var stacks = new int[_samples.Count][];
        for (var i = 0; i < stacks.Length; i++)
        {
            stacks[i] = BuildStack(_samples[i].Addresses);
        }

        AssignMappings();
        for (var i = 0; i < stacks.Length; i++)
        {
            var sample = _samples[i];
            var stack = symbolized && _isHeap ? TrimHiddenFrames(stacks[i]) : stacks[i];
            _builder.AddSample(sample.Values, stack, sample.Labels);
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
        while (first < stack.Length && _builder.GetLocation(stack[first]).Lines.Length == 0)
        {
            first++;
        }

        if (first == stack.Length)
        {
            return stack;
        }

        var last = stack.Length - 1;
        if (last > first && _builder.GetLocation(stack[last]).Lines.Length == 0)
        {
            NameAsGoexit(stack[last]);
        }

        return first == 0 ? stack : stack[first..];
    }

    private int _goexitFunction = -1;

    private void NameAsGoexit(int location)
    {
        if (_goexitFunction < 0)
        {
            _goexitFunction = _builder.AddFunction(new Function((ulong)_builder.FunctionCount + 1, "runtime.goexit", "runtime.goexit", "", 0));
        }

        _builder.SetLocation(location, _builder.GetLocation(location) with { Lines = [new Line(_goexitFunction, 0, 0)] });
    }

    /// <summary>Attaches each location to the mapping that holds its address, or to one catch-all mapping (pprof's rule).</summary>
    private void AssignMappings()
    {
        var fake = -1;
        for (var i = 0; i < _builder.LocationCount; i++)
        {
            var location = _builder.GetLocation(i);
            if (location.Address == 0)
            {
                continue;
            }

            var mapping = -1;
            for (var m = 0; m < _builder.MappingCount; m++)
            {
                var candidate = _builder.GetMapping(m);
                if (candidate.Start <= location.Address && location.Address < candidate.Limit)
                {
                    mapping = m;
                    break;
                }
            }

            if (mapping < 0)
            {
                if (fake < 0)
                {
                    fake = _builder.AddMapping(new Mapping((ulong)_builder.MappingCount + 1, 0, ulong.MaxValue, 0, "", "", false, false, false, false));
                }

                mapping = fake;
            }

            _builder.SetLocation(i, location with { MappingIndex = mapping });
        }
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

    private sealed record PendingSample(long[] Values, ulong[] Addresses, Label[] Labels);

    private readonly record struct SymbolLine(string Function, string File, long Line, ulong Entry);

    [GeneratedRegex(@"heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)/?(\d*)")]
    private static partial Regex HeapHeader();

    [GeneratedRegex(@"heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ growthz")]
    private static partial Regex GrowthHeader();

    [GeneratedRegex(@"heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ fragmentationz")]
    private static partial Regex FragmentationHeader();

    [GeneratedRegex(@"^(\w+) profile: total \d+$")]
    private static partial Regex CountHeader();

    [GeneratedRegex(@"(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *] @([ x0-9a-f]*)")]
    private static partial Regex HeapSample();

    [GeneratedRegex(@"^(\d+) @((?: 0x[0-9a-f]+)+)$")]
    private static partial Regex CountSample();

    [GeneratedRegex("0x[0-9a-f]+")]
    private static partial Regex HexNumber();

    [GeneratedRegex(@"^#\s+0x([0-9a-f]+)\s+(\S+)\+0x([0-9a-f]+)\s+(.*):(\d+)\s*$")]
    private static partial Regex SymbolComment();

    [GeneratedRegex(@"([0-9A-Fa-f]+)-([0-9A-Fa-f]+)\s+([-rwxp]+)\s+([0-9A-Fa-f]+)\s+([0-9A-Fa-f]+):([0-9A-Fa-f]+)\s+([0-9]+)\s*(\S+)?")]
    private static partial Regex ProcMaps();

    [GeneratedRegex(@"\s*([0-9A-Fa-f]+)-([0-9A-Fa-f]+):\s*(\S+)(\s.*@)?([0-9A-Fa-f]+)?")]
    private static partial Regex BriefMaps();
}
