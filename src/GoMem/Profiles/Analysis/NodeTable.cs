namespace GoMem.Profiles.Analysis;

/// <summary>
/// Assigns report nodes to every (location, line) of the views, merging frames by <see cref="NodeKey"/> at the
/// requested granularity. Nodes are shared across views, so the base and new profiles of a diff line up.
/// </summary>
internal sealed class NodeTable
{
    private readonly Dictionary<NodeKey, int> _index = [];
    private readonly List<NodeKey> _keys = [];

    private NodeTable(int viewCount) => LocationNodes = new int[viewCount][][];

    public int Count => _keys.Count;

    public NodeKey Key(int node) => _keys[node];

    /// <summary>Per view, per location: the nodes of its lines, innermost (inlined) first.</summary>
    public int[][][] LocationNodes { get; }

    public static NodeTable Build(IReadOnlyList<ProfileView> views, ReportOptions options)
    {
        var table = new NodeTable(views.Count);
        var g = options.Granularity;
        var keepAddress = g == Granularity.Addresses;
        var keepFunction = g != Granularity.Files;
        var keepFile = g != Granularity.Functions;
        var keepLine = g is Granularity.Lines or Granularity.Addresses;
        for (var v = 0; v < views.Count; v++)
        {
            var view = views[v];
            var profile = view.Profile;
            var cleanedFiles = new string?[profile.Functions.Count];
            var perLocation = new int[profile.Locations.Count][];
            for (var l = 0; l < perLocation.Length; l++)
            {
                var lines = view.LocationLines[l];
                if (lines is null)
                {
                    perLocation[l] = [];
                    continue;
                }

                var location = profile.Locations[l];
                var objfile = location.MappingIndex >= 0 ? profile.Mappings[location.MappingIndex].File : "";
                var address = keepAddress ? location.Address : 0;
                if (lines.Length == 0)
                {
                    perLocation[l] = [table.Intern(new NodeKey("", address, "", 0, 0, objfile))];
                    continue;
                }

                var first = options.NoInlines ? lines.Length - 1 : 0;
                var nodes = new int[lines.Length - first];
                for (var i = first; i < lines.Length; i++)
                {
                    var line = lines[i];
                    NodeKey key;
                    if (line.FunctionIndex < 0)
                    {
                        key = new NodeKey("", address, "", 0, 0, objfile);
                    }
                    else
                    {
                        var function = profile.Functions[line.FunctionIndex];
                        var name = keepFunction ? view.FunctionNames[line.FunctionIndex] : "";
                        var file = keepFile ? CleanFile(function, line.FunctionIndex, cleanedFiles, options) : "";
                        var lineNumber = keepLine ? line.Number : 0;
                        key = name.Length == 0
                            ? new NodeKey("", address, file, function.StartLine, lineNumber, objfile)
                            : new NodeKey(name, address, file, 0, lineNumber, "");
                    }

                    nodes[i - first] = table.Intern(key);
                }

                perLocation[l] = nodes;
            }

            table.LocationNodes[v] = perLocation;
        }

        return table;
    }

    private static string CleanFile(Function function, int index, string?[] cache, ReportOptions options)
    {
        if (function.Filename.Length == 0)
        {
            return "";
        }

        return cache[index] ??= GoPath.Clean(GoPath.TrimSourcePath(function.Filename, options.TrimPaths));
    }

    private int Intern(NodeKey key)
    {
        if (!_index.TryGetValue(key, out var node))
        {
            node = _keys.Count;
            _keys.Add(key);
            _index[key] = node;
        }

        return node;
    }
}
