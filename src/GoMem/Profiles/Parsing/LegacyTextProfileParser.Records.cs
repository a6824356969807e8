using System.Globalization;
using System.Text.RegularExpressions;

namespace GoMem.Profiles.Parsing;

/// <summary>
/// Legacy count (goroutine, threadcreate), contention (Go mutex/block, C++ contentionz) and threadz profiles.
/// Longer than 400 lines: these three record layouts share the parser's line reader and builder state, as pprof's
/// legacy_profile.go keeps them together.
/// </summary>
internal sealed partial class LegacyTextProfileParser
{
    private void ParseCount(string profileType)
    {
        _builder.AddSampleType(new ValueType(profileType, "count"));
        _builder.Header = _builder.Header with { PeriodType = new ValueType(profileType, "count"), Period = 1 };
        string? line;
        Span<long> value = stackalloc long[1];
        while ((line = _reader.ReadLine()) is not null)
        {
            // Go writes the pprof.Do labels of a record on the line after it: # labels: {"k":"v", "k2":"v2"}
            if (line.StartsWith("# labels: ", StringComparison.Ordinal) && _samples.Count > 0)
            {
                var labels = ParseCountLabels(line["# labels: ".Length..]) ?? throw Bad($"malformed labels \"{Shorten(line)}\"", _reader.LineNumber);
                _samples[^1] = _samples[^1] with { Labels = labels };
                continue;
            }

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

    /// <summary>Go's labelMap.String(): {"key":"value", ...} with Go-quoted strings; null when malformed.</summary>
    internal static Label[]? ParseCountLabels(string text)
    {
        text = text.Trim();
        if (text.Length < 2 || text[0] != '{' || text[^1] != '}')
        {
            return null;
        }

        var labels = new List<Label>();
        var i = 1;
        while (i < text.Length - 1)
        {
            if (ReadGoQuoted(text, ref i) is not { } key || i >= text.Length || text[i] != ':')
            {
                return null;
            }

            i++;
            if (ReadGoQuoted(text, ref i) is not { } value)
            {
                return null;
            }

            labels.Add(new Label(key, value, 0, null));
            if (i < text.Length - 1)
            {
                if (!text.AsSpan(i).StartsWith(", ", StringComparison.Ordinal))
                {
                    return null;
                }

                i += 2;
            }
        }

        return [.. labels];
    }

    private static string? ReadGoQuoted(string text, ref int i)
    {
        if (i >= text.Length || text[i] != '"')
        {
            return null;
        }

        var value = new System.Text.StringBuilder();
        for (i++; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                i++;
                return value.ToString();
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                i++;
                value.Append(text[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => text[i] });
                continue;
            }

            value.Append(c);
        }

        return null;
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

            if (!LegacySampleLines.TryMatchContention(trimmed, out var m))
            {
                throw Bad($"malformed contention sample \"{Shorten(trimmed)}\"", _reader.LineNumber);
            }

            if (!long.TryParse(trimmed.AsSpan(m.Cycles), NumberStyles.None, CultureInfo.InvariantCulture, out var cycles) ||
                !long.TryParse(trimmed.AsSpan(m.Count), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
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
            AddSample(values, trimmed[m.Addresses], []);
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

    [GeneratedRegex(@"^(\S+) profile: total \d+$")]
    private static partial Regex CountHeader();

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
}
