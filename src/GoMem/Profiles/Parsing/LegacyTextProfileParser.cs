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

    private sealed class PendingLocation(ulong address, Line[] lines)
    {
        public ulong Address { get; } = address;

        public Line[] Lines { get; set; } = lines;
    }
}
