using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace GoMem.Profiles.Analysis;

/// <summary>
/// One profile as a report sees it after pprof's steps, in pprof's order: allocator frames pruned (drop_frames),
/// then focus/ignore (whole samples), hide/show (frames) and show_from. The profile itself is untouched:
/// filtered lines and stacks live here.
/// </summary>
internal sealed partial class ProfileView
{
    private ProfileView(Profile profile, string[] functionNames, int valueIndex, int sign, Line[]?[] lines, int[] samples, int[] stackStarts, int[] stacks)
    {
        Profile = profile;
        FunctionNames = functionNames;
        ValueIndex = valueIndex;
        Sign = sign;
        LocationLines = lines;
        Samples = samples;
        StackStarts = stackStarts;
        Stacks = stacks;
    }

    public Profile Profile { get; }

    /// <summary>The name of each function as reports show it (<see cref="ReportNames"/>), by function index.</summary>
    public string[] FunctionNames { get; }

    public int ValueIndex { get; }

    /// <summary>+1, or -1 for the base of a diff.</summary>
    public int Sign { get; }

    /// <summary>Lines left per location (null: the location is hidden from every stack).</summary>
    public Line[]?[] LocationLines { get; }

    /// <summary>Indexes of the samples that passed the filters.</summary>
    public int[] Samples { get; }

    private int[] StackStarts { get; }

    private int[] Stacks { get; }

    /// <summary>The filtered stack (location indexes, leaf first) of the k-th kept sample.</summary>
    public ReadOnlySpan<int> Stack(int k) => Stacks.AsSpan(StackStarts[k], StackStarts[k + 1] - StackStarts[k]);

    /// <summary>
    /// The same filtered samples and stacks, valued by another sample type: filters never look at values, so
    /// reports over several sample types of one profile filter once.
    /// </summary>
    public ProfileView WithValueIndex(int valueIndex) => new(Profile, FunctionNames, valueIndex, Sign, LocationLines, Samples, StackStarts, Stacks);

    /// <summary>The signed value of the k-th kept sample.</summary>
    public long Value(int k) => Sign * Profile.Value(Samples[k], ValueIndex);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ProfileView Create(Profile profile, int valueIndex, int sign, ReportOptions options, FrameRegexes regexes)
    {
        var locations = profile.Locations;
        var lines = new Line[]?[locations.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = locations[i].Lines;
        }

        var names = ReportNames.Of(profile, options.NamesAsStored);
        var pruned = options.AllFrames ? null : PruneAllocatorFrames(profile, names, lines);

        // Per location: 1 focused, -1 ignored, 0 neither (pprof's focusOrIgnore map); hidden; show_from match.
        var focus = new sbyte[lines.Length];
        var hidden = new bool[lines.Length];
        var anyHidden = false;
        var showFromMatch = regexes.ShowFrom is null ? null : new bool[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            var location = locations[i];
            if (regexes.Ignore is { } ignore && MatchesName(profile, names, location, lines[i]!, ignore))
            {
                focus[i] = -1;
            }
            else if (regexes.Focus is null || MatchesName(profile, names, location, lines[i]!, regexes.Focus))
            {
                focus[i] = 1;
            }

            if (regexes.Hide is { } hide && MatchesName(profile, names, location, lines[i]!, hide))
            {
                lines[i] = SelectLines(profile, names, location, lines[i]!, hide, keepMatches: false);
                hidden[i] = lines[i]!.Length == 0;
            }

            if (regexes.Show is { } show)
            {
                lines[i] = SelectLines(profile, names, location, lines[i]!, show, keepMatches: true);
                hidden[i] |= lines[i]!.Length == 0;
            }

            anyHidden |= hidden[i];
            if (showFromMatch is not null)
            {
                showFromMatch[i] = ApplyShowFrom(profile, names, location, ref lines[i], regexes.ShowFrom!);
            }
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (hidden[i])
            {
                lines[i] = null;
            }
        }

        // Sized for the whole profile up front (filters only drop samples and frames): no growth, no copies, and
        // no copy at the end either when nothing was dropped.
        var kept = GC.AllocateUninitializedArray<int>(profile.SampleCount);
        var starts = GC.AllocateUninitializedArray<int>(profile.SampleCount + 1);
        var stacks = GC.AllocateUninitializedArray<int>(profile.TotalStackLength);
        var keptCount = 0;
        var stackCount = 0;
        starts[0] = 0;
        for (var s = 0; s < profile.SampleCount; s++)
        {
            var stack = profile.Stack(s);
            if (pruned is not null)
            {
                stack = pruned.Slice(stack);
            }

            if (!FocusedAndNotIgnored(stack, focus))
            {
                continue;
            }

            var first = stackCount;
            foreach (var location in stack)
            {
                if (!hidden[location])
                {
                    stacks[stackCount++] = location;
                }
            }

            if (anyHidden && stackCount == first)
            {
                continue;
            }

            if (showFromMatch is not null)
            {
                var last = -1;
                for (var j = stackCount - 1; j >= first; j--)
                {
                    if (showFromMatch[stacks[j]])
                    {
                        last = j;
                        break;
                    }
                }

                if (last < 0)
                {
                    stackCount = first;
                    continue;
                }

                stackCount = last + 1;
            }

            kept[keptCount++] = s;
            starts[keptCount] = stackCount;
        }

        return new ProfileView(profile, names, valueIndex, sign, lines, Trimmed(kept, keptCount), Trimmed(starts, keptCount + 1), Trimmed(stacks, stackCount));
    }

    private static int[] Trimmed(int[] array, int length) => length == array.Length ? array : array.AsSpan(0, length).ToArray();

    /// <summary>
    /// pprof's RemoveUninteresting: within each location, lines from the outermost drop_frames match inward are
    /// removed; in each sample, frames leafward of the first pruned location after a user frame are cut.
    /// </summary>
    private static PruneResult? PruneAllocatorFrames(Profile profile, string[] names, Line[]?[] lines)
    {
        var header = profile.Header;
        if (string.IsNullOrEmpty(header.DropFrames))
        {
            return null;
        }

        var drop = new Regex("^(" + header.DropFrames + ")$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        var keep = string.IsNullOrEmpty(header.KeepFrames) ? null : new Regex("^(" + header.KeepFrames + ")$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        var cache = new Dictionary<string, bool>();
        bool PruneFromHere(string name)
        {
            if (!cache.TryGetValue(name, out var prune))
            {
                var simple = SimplifyFunctionName(name);
                prune = drop.IsMatch(simple) && (keep is null || !keep.IsMatch(simple));
                cache[name] = prune;
            }

            return prune;
        }

        var state = new byte[lines.Length]; // 0 keep, 1 prune beneath (lines trimmed), 2 prune whole location
        var any = false;
        for (var l = 0; l < lines.Length; l++)
        {
            var locationLines = lines[l]!;
            int i;
            for (i = locationLines.Length - 1; i >= 0; i--)
            {
                var f = locationLines[i].FunctionIndex;
                if (f >= 0 && names[f].Length > 0 && PruneFromHere(names[f]))
                {
                    break;
                }
            }

            if (i >= 0)
            {
                any = true;
                state[l] = i == locationLines.Length - 1 ? (byte)2 : (byte)1;
                if (state[l] == 1)
                {
                    lines[l] = locationLines[(i + 1)..];
                }
            }
        }

        return any ? new PruneResult(state) : null;
    }

    private sealed class PruneResult(byte[] state)
    {
        public ReadOnlySpan<int> Slice(ReadOnlySpan<int> stack)
        {
            var foundUser = false;
            for (var i = stack.Length - 1; i >= 0; i--)
            {
                var s = state[stack[i]];
                if (s == 0)
                {
                    foundUser = true;
                    continue;
                }

                if (!foundUser)
                {
                    continue;
                }

                return s == 2 ? stack[(i + 1)..] : stack[i..];
            }

            return stack;
        }
    }

    /// <summary>pprof's simplifyFunc: drops a leading "." and an argument list, except in reserved names.</summary>
    private static string SimplifyFunctionName(string name)
    {
        var s = name.StartsWith('.') ? name[1..] : name;
        foreach (Match m in Brackets().Matches(s))
        {
            if (m.Value != "(anonymous namespace)" && m.Value != "operator()")
            {
                return s[..m.Index];
            }
        }

        return s;
    }

    [GeneratedRegex(@"\(anonymous namespace\)|operator\(\)|\(")]
    private static partial Regex Brackets();

    private static bool FocusedAndNotIgnored(ReadOnlySpan<int> stack, sbyte[] focus)
    {
        var focused = false;
        foreach (var location in stack)
        {
            switch (focus[location])
            {
                case 1:
                    focused = true;
                    break;
                case -1:
                    return false;
            }
        }

        return focused;
    }

    private static bool MatchesMapping(Profile profile, Location location, Regex regex) =>
        location.MappingIndex >= 0 && regex.IsMatch(profile.Mappings[location.MappingIndex].File);

    private static bool MatchesName(Profile profile, string[] names, Location location, Line[] lines, Regex regex)
    {
        foreach (var line in lines)
        {
            if (line.FunctionIndex >= 0)
            {
                if (regex.IsMatch(names[line.FunctionIndex]) || regex.IsMatch(profile.Functions[line.FunctionIndex].Filename))
                {
                    return true;
                }
            }
        }

        return MatchesMapping(profile, location, regex);
    }

    private static Line[] SelectLines(Profile profile, string[] names, Location location, Line[] lines, Regex regex, bool keepMatches)
    {
        if (MatchesMapping(profile, location, regex))
        {
            return keepMatches ? lines : [];
        }

        var result = new List<Line>(lines.Length);
        foreach (var line in lines)
        {
            var matches = false;
            if (line.FunctionIndex >= 0)
            {
                matches = regex.IsMatch(names[line.FunctionIndex]) || regex.IsMatch(profile.Functions[line.FunctionIndex].Filename);
            }
            else if (keepMatches)
            {
                // pprof keeps function-less lines under show.
                matches = true;
            }

            if (matches == keepMatches)
            {
                result.Add(line);
            }
        }

        return [.. result];
    }

    private static bool ApplyShowFrom(Profile profile, string[] names, Location location, ref Line[]? lines, Regex regex)
    {
        if (MatchesMapping(profile, location, regex))
        {
            return true;
        }

        var current = lines!;
        for (var i = current.Length - 1; i >= 0; i--)
        {
            var f = current[i].FunctionIndex;
            if (f >= 0 && (regex.IsMatch(names[f]) || regex.IsMatch(profile.Functions[f].Filename)))
            {
                lines = current[..(i + 1)];
                return true;
            }
        }

        return false;
    }
}
