using System.Collections.Immutable;
using GoMem.Profiles;

namespace GoMem.Escape.Analysis;

/// <summary>
/// Joins a log's escape sites with an allocs or heap profile by file and line. Each sample is charged to its
/// allocating frame: the innermost frame (inlined frames included) outside the runtime. The compiler prints paths
/// relative to where it ran ("patterns/patterns.go"); profiles hold absolute or -trimpath paths
/// ("example.com/mod/patterns/patterns.go"), so a profile file matches the log file that is its longest suffix at a
/// path-segment boundary, with the frame's package breaking ties.
/// </summary>
public static class EscapeHotAnalysis
{
    /// <summary>How many unexplained allocation lines the report keeps (largest first).</summary>
    public const int UnexplainedShown = 10;

    public static EscapeHotReport Analyze(EscapeLog log, Profile profile, string profileSource, string? bytesType = null)
    {
        var (bytesIndex, objectsIndex) = SampleTypes(profile, bytesType);
        var sites = Sites(log);
        var files = new FileMatcher(sites.Keys.Select(k => (k.Item1, k.Item2)));
        var siteTotals = new Dictionary<(string, string, int), (long Bytes, long Objects)>();
        var unexplained = new Dictionary<(string, string, long), (long Bytes, long Objects)>();
        var fileCache = new Dictionary<(string ProfileFile, string FramePackage), (string Package, string File)?>();
        long totalBytes = 0, totalObjects = 0, matchedBytes = 0, matchedObjects = 0;
        for (var s = 0; s < profile.SampleCount; s++)
        {
            var bytes = profile.Value(s, bytesIndex);
            var objects = objectsIndex >= 0 ? profile.Value(s, objectsIndex) : 0;
            totalBytes += bytes;
            totalObjects += objects;
            if (AllocatingFrame(profile, profile.Stack(s)) is not { } frame)
            {
                continue;
            }

            var function = profile.Functions[frame.FunctionIndex];
            var framePackage = GoPackage(function.Name);
            if (!fileCache.TryGetValue((function.Filename, framePackage), out var logFile))
            {
                logFile = files.Match(function.Filename, framePackage);
                fileCache[(function.Filename, framePackage)] = logFile;
            }

            if (logFile is { } lf && sites.ContainsKey((lf.Package, lf.File, (int)frame.Number)))
            {
                var key = (lf.Package, lf.File, (int)frame.Number);
                var t = siteTotals.GetValueOrDefault(key);
                siteTotals[key] = (t.Bytes + bytes, t.Objects + objects);
                matchedBytes += bytes;
                matchedObjects += objects;
            }
            else
            {
                var key = (function.Name, function.Filename, frame.Number);
                var t = unexplained.GetValueOrDefault(key);
                unexplained[key] = (t.Bytes + bytes, t.Objects + objects);
            }
        }

        var ranked = siteTotals
            .Select(pair =>
            {
                var findings = sites[pair.Key];
                var first = findings[0].Finding;
                return new HotEscapeSite(first.Package, first.File, first.Line, first.Function, pair.Value.Bytes, pair.Value.Objects, [.. findings]);
            })
            .Where(site => site.Bytes != 0 || site.Objects != 0)
            .OrderByDescending(site => site.Bytes).ThenByDescending(site => site.Objects)
            .ThenBy(site => site.Package, StringComparer.Ordinal).ThenBy(site => site.File, StringComparer.Ordinal).ThenBy(site => site.Line)
            .ToImmutableArray();
        var others = unexplained
            .Where(pair => pair.Value.Bytes != 0 || pair.Value.Objects != 0)
            .Select(pair => new UnexplainedAllocation(pair.Key.Item1, pair.Key.Item2, pair.Key.Item3, pair.Value.Bytes, pair.Value.Objects))
            .OrderByDescending(u => u.Bytes).ThenByDescending(u => u.Objects).ThenBy(u => u.Function, StringComparer.Ordinal).ThenBy(u => u.Line)
            .Take(UnexplainedShown)
            .ToImmutableArray();
        return new EscapeHotReport(
            log.Source,
            profileSource,
            profile.SampleTypes[bytesIndex].Type,
            objectsIndex >= 0 ? profile.SampleTypes[objectsIndex].Type : "",
            totalBytes,
            totalObjects,
            matchedBytes,
            matchedObjects,
            sites.Count,
            ranked,
            others);
    }

    /// <summary>The bytes type (alloc_space unless asked otherwise) and its objects twin (alloc_objects), or -1.</summary>
    private static (int Bytes, int Objects) SampleTypes(Profile profile, string? bytesType)
    {
        var wanted = string.IsNullOrEmpty(bytesType) ? (Has(profile, "alloc_space") ? "alloc_space" : null) : bytesType;
        var bytesIndex = profile.ResolveSampleIndex(wanted);
        if (profile.SampleTypes[bytesIndex].Unit != "bytes")
        {
            throw new GoMem.IO.BadInputException(profile.Source, $"sample type {profile.SampleTypes[bytesIndex].Type} is not in bytes: give an allocs or heap profile (alloc_space, inuse_space)");
        }

        var type = profile.SampleTypes[bytesIndex].Type;
        var twin = type.EndsWith("_space", StringComparison.Ordinal) ? type[..^"_space".Length] + "_objects" : "objects";
        var objectsIndex = -1;
        for (var i = 0; i < profile.SampleTypes.Count; i++)
        {
            if (profile.SampleTypes[i].Type == twin)
            {
                objectsIndex = i;
            }
        }

        return (bytesIndex, objectsIndex);
    }

    private static bool Has(Profile profile, string type) => profile.SampleTypes.Any(t => t.Type == type);

    /// <summary>Escape sites: heap moves and escapes by (package, file, line), each with its explained findings.</summary>
    private static Dictionary<(string, string, int), List<ExplainedFinding>> Sites(EscapeLog log)
    {
        var sites = new Dictionary<(string, string, int), List<ExplainedFinding>>();
        foreach (var f in log.Findings)
        {
            if (!EscapeKinds.IsHeapAllocation(f.Kind))
            {
                continue;
            }

            var key = (f.Package, f.File, f.Line);
            if (!sites.TryGetValue(key, out var list))
            {
                list = [];
                sites[key] = list;
            }

            list.Add(EscapeExplainer.Explain(f));
        }

        return sites;
    }

    /// <summary>The innermost frame of the sample outside the runtime (the allocator's own frames are not the site).</summary>
    private static Line? AllocatingFrame(Profile profile, ReadOnlySpan<int> stack)
    {
        foreach (var locationIndex in stack)
        {
            foreach (var line in profile.Locations[locationIndex].Lines)
            {
                var name = profile.Functions[line.FunctionIndex].Name;
                if (!name.StartsWith("runtime.", StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }

        return null;
    }

    /// <summary>"example.com/mod/patterns.(*T).M" → "example.com/mod/patterns"; "main.work" → "main".</summary>
    internal static string GoPackage(string function)
    {
        var slash = function.LastIndexOf('/');
        var dot = function.IndexOf('.', slash + 1);
        return dot < 0 ? function : function[..dot];
    }
}
