using System.Globalization;
using System.Text.RegularExpressions;

namespace GoMem.Profiles.Parsing;

/// <summary>Legacy heap profiles: the header (Go heap/N, C++ heapz_v2, growthz, fragmentationz) and un-sampled records.</summary>
internal sealed partial class LegacyTextProfileParser
{
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

            if (!LegacySampleLines.TryMatchHeap(line, out var m))
            {
                throw Bad($"malformed heap sample \"{Shorten(line)}\"", _reader.LineNumber);
            }

            var count = 0;
            long blockSize = 0;
            if (hasAlloc)
            {
                AddHeapValues(line.AsSpan(m.AllocCount), line.AsSpan(m.AllocBytes), "allocation", sampling, rate, values, ref count, ref blockSize);
            }

            AddHeapValues(line.AsSpan(m.InuseCount), line.AsSpan(m.InuseBytes), "inuse", sampling, rate, values, ref count, ref blockSize);
            AddSample(values[..count], line[m.Addresses], [new Label("bytes", null, blockSize, null)]);
        }
    }

    private void AddHeapValues(ReadOnlySpan<char> countText, ReadOnlySpan<char> sizeText, string what, string sampling, long rate, Span<long> values, ref int index, ref long blockSize)
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

    [GeneratedRegex(@"heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)/?(\d*)")]
    private static partial Regex HeapHeader();

    [GeneratedRegex(@"heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ growthz?")]
    private static partial Regex GrowthHeader();

    [GeneratedRegex(@"heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ fragmentationz?")]
    private static partial Regex FragmentationHeader();
}
