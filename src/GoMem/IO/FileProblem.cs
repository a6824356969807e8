namespace GoMem.IO;

/// <summary>
/// A file that could not be opened, said in one line that names the path as it was given and the kind of failure,
/// the same wording whichever command met it: "PATH: no such file", "PATH: is a directory, not a file",
/// "PATH: permission denied", and for an output "PATH: directory DIR does not exist". An I/O error (exit 4).
/// </summary>
public sealed class FileProblemException(string path, string message, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>The path as the user gave it.</summary>
    public string Path { get; } = path;
}

/// <summary>Opens files for reading and writing, turning .NET's failures (as root, a directory is "Access denied") into <see cref="FileProblemException"/>.</summary>
public static class FileProblem
{
    /// <summary>Opens an existing file for reading.</summary>
    public static FileStream OpenRead(string path, int bufferSize = 4096, FileOptions options = FileOptions.None, FileShare share = FileShare.Read)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, share, bufferSize, options);
        }
        catch (Exception e) when (Describe(e, path, writing: false) is { } problem)
        {
            throw problem;
        }
    }

    /// <summary>Creates (or truncates) a file for writing.</summary>
    public static FileStream Create(string path, int bufferSize = 1 << 16)
    {
        try
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize);
        }
        catch (Exception e) when (Describe(e, path, writing: true) is { } problem)
        {
            throw problem;
        }
    }

    /// <summary>
    /// Checks, before any work, that <paramref name="path"/> can be an output file: not a directory, in a directory that
    /// exists. The file itself is not created, so a run that fails leaves an older result in place.
    /// </summary>
    public static void CheckWritable(string path)
    {
        if (Directory.Exists(path))
        {
            throw new FileProblemException(path, $"{path}: is a directory, not a file");
        }

        var parent = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (parent is not null && !Directory.Exists(parent))
        {
            throw new FileProblemException(path, MissingDirectory(path));
        }
    }

    /// <summary>The one-line problem for a failure to open <paramref name="path"/>, or null when it is not about the path.</summary>
    public static FileProblemException? Describe(Exception failure, string path, bool writing) => failure switch
    {
        FileProblemException => null,
        FileNotFoundException => new FileProblemException(path, $"{path}: no such file", failure),
        DirectoryNotFoundException => new FileProblemException(path, writing ? MissingDirectory(path) : $"{path}: no such file", failure),
        UnauthorizedAccessException when Directory.Exists(path) => new FileProblemException(path, $"{path}: is a directory, not a file", failure),
        UnauthorizedAccessException => new FileProblemException(path, $"{path}: permission denied", failure),
        IOException when Directory.Exists(path) => new FileProblemException(path, $"{path}: is a directory, not a file", failure),
        _ => null,
    };

    private static string MissingDirectory(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(path);
        return $"{path}: directory {(string.IsNullOrEmpty(directory) ? "." : directory)} does not exist";
    }
}
