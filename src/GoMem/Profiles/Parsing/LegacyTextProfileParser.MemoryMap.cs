using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GoMem.Profiles.Parsing;

/// <summary>Legacy text profiles: the memory map section, massaged into mappings exactly as pprof does.</summary>
internal sealed partial class LegacyTextProfileParser
{
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

    /// <summary>Go's unicode.IsSpace for ASCII, as strings.TrimSpace trims.</summary>
    private static readonly char[] GoSpace = [' ', '\t', '\n', '\r', '\v', '\f'];

    private sealed class PendingMapping
    {
        public ulong Start { get; set; }

        public ulong Limit { get; set; }

        public ulong Offset { get; set; }

        public string File { get; set; } = "";

        public string BuildId { get; set; } = "";
    }

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
