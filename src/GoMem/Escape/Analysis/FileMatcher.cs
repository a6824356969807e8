namespace GoMem.Escape.Analysis;

/// <summary>
/// Finds the log file (relative to the compiler's working directory) that a profile's file name refers to: the
/// longest log path that is a suffix of the profile path at a '/' boundary. Among equally long matches (two
/// packages each with a main.go) the one whose package is the frame's package, or ends with the profile path's
/// directory, wins; a tie that cannot be broken matches nothing rather than the wrong file.
/// </summary>
internal sealed class FileMatcher(IEnumerable<(string Package, string File)> logFiles)
{
    private readonly List<(string Package, string File)> _files = [.. logFiles.Distinct().OrderBy(f => f.Package, StringComparer.Ordinal).ThenBy(f => f.File, StringComparer.Ordinal)];

    public (string Package, string File)? Match(string profileFile, string framePackage)
    {
        var path = profileFile.Replace('\\', '/');
        var bestLength = -1;
        var best = new List<(string Package, string File)>();
        foreach (var candidate in _files)
        {
            if (!IsPathSuffix(path, candidate.File))
            {
                continue;
            }

            if (candidate.File.Length > bestLength)
            {
                bestLength = candidate.File.Length;
                best.Clear();
            }

            if (candidate.File.Length == bestLength)
            {
                best.Add(candidate);
            }
        }

        if (best.Count <= 1)
        {
            return best.Count == 1 ? best[0] : null;
        }

        var samePackage = best.Where(c => c.Package == framePackage).ToList();
        if (samePackage.Count == 1)
        {
            return samePackage[0];
        }

        // -trimpath names files "<package path>/<file>": the package whose path precedes the file name.
        var directory = path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : "";
        var byDirectory = best.Where(c => directory.Length > 0 && (directory == c.Package || directory.EndsWith("/" + c.Package, StringComparison.Ordinal))).ToList();
        return byDirectory.Count == 1 ? byDirectory[0] : null;
    }

    private static bool IsPathSuffix(string path, string file) =>
        path == file || (path.Length > file.Length && path.EndsWith(file, StringComparison.Ordinal) && path[path.Length - file.Length - 1] == '/');
}
