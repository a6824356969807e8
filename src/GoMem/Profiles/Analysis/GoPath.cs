using System.Text;

namespace GoMem.Profiles.Analysis;

/// <summary>Go's path/filepath helpers that pprof applies to file names (Unix semantics).</summary>
internal static class GoPath
{
    /// <summary>filepath.Base: the last element, "." for empty, "/" for all slashes.</summary>
    public static string Base(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        path = path.TrimEnd('/');
        if (path.Length == 0)
        {
            return "/";
        }

        var slash = path.LastIndexOf('/');
        return slash >= 0 ? path[(slash + 1)..] : path;
    }

    /// <summary>filepath.Clean: lexical shortest equivalent path.</summary>
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        if (IsAlreadyClean(path))
        {
            return path;
        }

        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add("..");
                }

                continue;
            }

            parts.Add(part);
        }

        var sb = new StringBuilder(path.Length);
        if (rooted)
        {
            sb.Append('/');
        }

        sb.AppendJoin('/', parts);
        return sb.Length == 0 ? "." : sb.ToString();
    }

    private static bool IsAlreadyClean(string path)
    {
        if (path.Length > 1 && path[^1] == '/')
        {
            return false;
        }

        var segmentStart = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '/')
            {
                var length = i - segmentStart;
                if (i < path.Length && length == 0 && i > 0)
                {
                    return false;
                }

                if ((length == 1 && path[segmentStart] == '.') || (length == 2 && path[segmentStart] == '.' && path[segmentStart + 1] == '.'))
                {
                    return false;
                }

                segmentStart = i + 1;
            }
        }

        return true;
    }

    /// <summary>pprof's trimPath with no configured prefixes: strips the /proc/self/cwd prefixes some builds record.</summary>
    public static string TrimSourcePath(string path, IReadOnlyList<string>? trimPrefixes = null)
    {
        if (trimPrefixes is not null)
        {
            foreach (var prefix in trimPrefixes)
            {
                var p = prefix.EndsWith('/') ? prefix : prefix + "/";
                if (path.StartsWith(p, StringComparison.Ordinal))
                {
                    return path[p.Length..];
                }
            }
        }

        foreach (var p in (ReadOnlySpan<string>)["/proc/self/cwd/./", "/proc/self/cwd/"])
        {
            if (path.StartsWith(p, StringComparison.Ordinal))
            {
                return path[p.Length..];
            }
        }

        return path;
    }
}
