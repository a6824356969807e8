using GoMem.Profiles;
using ValueType = GoMem.Profiles.ValueType;
using GoMem.Profiles.Analysis;

namespace GoMem.Tests.Profiles.Analysis;

/// <summary>Small synthetic profiles and tree helpers for the flame graph tests.</summary>
internal static class FlameGraphTestProfiles
{
    /// <summary>
    /// A one-sample-type profile. Each stack is given root first; an element "inner|outer" is one location whose
    /// lines are inner (inlined) into outer. Functions have no system name, as many producers other than Go write
    /// them, so reports show each name exactly as given (pprof simplifies only a name equal to its system name).
    /// </summary>
    public static Profile Build(string binary, ValueType sampleType, params (long Value, string[] Stack)[] samples)
    {
        var builder = new ProfileBuilder();
        builder.AddSampleType(sampleType);
        builder.AddMapping(new Mapping(1, 0x400000, 0x800000, 0, binary, "", true, true, true, true));
        var functions = new Dictionary<string, int>(StringComparer.Ordinal);
        var locations = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (value, stack) in samples)
        {
            var ids = new int[stack.Length];
            for (var i = 0; i < stack.Length; i++)
            {
                if (!locations.TryGetValue(stack[i], out var location))
                {
                    var lines = stack[i].Split('|').Select(name =>
                    {
                        if (!functions.TryGetValue(name, out var f))
                        {
                            f = builder.AddFunction(new Function((ulong)functions.Count + 1, name, "", "/src/" + functions.Count + ".go", 1));
                            functions[name] = f;
                        }

                        return new Line(f, 10, 0);
                    }).ToArray();
                    location = builder.AddLocation(new Location((ulong)locations.Count + 1, 0, 0x401000 + ((ulong)locations.Count * 16), lines, false));
                    locations[stack[i]] = location;
                }

                // Profiles store stacks leaf first.
                ids[stack.Length - 1 - i] = location;
            }

            builder.AddSample([value], ids);
        }

        return builder.Build();
    }

    /// <summary>The small service the golden files show: a leak under handle, a cache, inlined frames.</summary>
    public static Profile Small(bool older = false)
    {
        var type = new ValueType("inuse_space", "bytes");
        return older
            ? Build(
                "/usr/local/bin/demo",
                type,
                (1 << 20, ["main.main", "main.serve", "main.handle", "main.alloc"]),
                (3 << 19, ["main.main", "main.serve", "main.cache"]),
                (1 << 19, ["main.main", "main.serve", "main.handle", "strings.Repeat|main.render"]),
                (8192, ["main.main", "main.init"]))
            : Build(
                "/usr/local/bin/demo",
                type,
                (2 << 20, ["main.main", "main.serve", "main.handle", "main.alloc"]),
                (1 << 20, ["main.main", "main.serve", "main.cache"]),
                (1 << 19, ["main.main", "main.serve", "main.handle", "strings.Repeat|main.render"]),
                (4096, ["main.main", "main.serve", "main.handle"]),
                (1000, ["main.main"]));
    }

    /// <summary>Every node with its path of names from the root (root excluded), in pre-order, without recursion.</summary>
    public static List<(string Path, FlameNode Node)> Paths(FlameNode root)
    {
        var result = new List<(string, FlameNode)>();
        var pending = new Stack<(string Path, FlameNode Node)>();
        pending.Push(("", root));
        while (pending.Count > 0)
        {
            var (path, node) = pending.Pop();
            result.Add((path, node));
            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                var child = node.Children[i];
                pending.Push((path + ";" + child.Name, child));
            }
        }

        return result;
    }
}
