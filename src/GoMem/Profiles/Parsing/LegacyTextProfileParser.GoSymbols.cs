using System.Globalization;
using System.Text.RegularExpressions;

namespace GoMem.Profiles.Parsing;

/// <summary>Legacy text profiles: symbolization from Go's '#' comment lines, with inlined frames grouped by function entry.</summary>
internal sealed partial class LegacyTextProfileParser
{
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

    private readonly record struct SymbolLine(string Function, string File, long Line, ulong Entry);

    [GeneratedRegex("0x[0-9a-f]+")]
    private static partial Regex HexNumber();

    [GeneratedRegex(@"^#\s+0x([0-9a-f]+)\s+(\S+)\+0x([0-9a-f]+)\s+(.*):(\d+)\s*$")]
    private static partial Regex SymbolComment();
}
