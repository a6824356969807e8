using System.Diagnostics;
using System.IO.Compression;

namespace GoMem.Bench;

/// <summary>The profiles a benchmark reads.</summary>
public enum BenchProfile
{
    /// <summary>examples/make-big-profile.sh: a real Go heap profile with 262,144 distinct stacks.</summary>
    Big,

    /// <summary>testdata/leakymap/heap.2.pb.gz: a small, ordinary heap profile.</summary>
    Small,
}

/// <summary>One profile's bytes: as stored (gzip) and inflated (raw protobuf).</summary>
public sealed record ProfileBytes(string Path, byte[] Gzip, byte[] Raw);

/// <summary>
/// Finds (or makes) the benchmark inputs. The big profile is never committed: it comes from GOMEM_BIG_PROFILE when
/// set, else <c>examples/make-big-profile.sh</c> writes it into a temporary folder (this needs Go). The host process
/// does that once and exports GOMEM_BIG_PROFILE, so the benchmark processes it starts reuse the same file.
/// </summary>
public static class BenchInputs
{
    public const string BigProfileVariable = "GOMEM_BIG_PROFILE";

    private static readonly Dictionary<BenchProfile, ProfileBytes> Cache = [];

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SmallProfilePath => System.IO.Path.Combine(RepoRoot, "testdata", "leakymap", "heap.2.pb.gz");

    public static ProfileBytes Load(BenchProfile profile)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(profile, out var bytes))
            {
                var path = profile == BenchProfile.Big ? BigProfilePath() : SmallProfilePath;
                var stored = File.ReadAllBytes(path);
                bytes = new ProfileBytes(path, stored, IsGzip(stored) ? Inflate(stored) : stored);
                Cache[profile] = bytes;
            }

            return bytes;
        }
    }

    /// <summary>The big profile named by GOMEM_BIG_PROFILE; an error if it is set but missing.</summary>
    public static string BigProfilePath()
    {
        var path = Environment.GetEnvironmentVariable(BigProfileVariable);
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidOperationException($"{BigProfileVariable} is not set: run the benchmarks through GoMem.Bench's Program (it makes the big profile) or point {BigProfileVariable} at a profile");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{BigProfileVariable}={path}: no such file", path);
        }

        return path;
    }

    /// <summary>
    /// Makes sure GOMEM_BIG_PROFILE names a profile, generating one into <paramref name="scratchDirectory"/> with
    /// examples/make-big-profile.sh when it is not set. Returns the path.
    /// </summary>
    public static string EnsureBigProfile(string scratchDirectory)
    {
        var existing = Environment.GetEnvironmentVariable(BigProfileVariable);
        if (!string.IsNullOrEmpty(existing))
        {
            return BigProfilePath();
        }

        if (FindOnPath("go") is null)
        {
            throw new InvalidOperationException($"the big benchmark profile is generated with Go, but 'go' is not on PATH: install Go (apt-get install -y golang-go) or set {BigProfileVariable} to an existing heap profile");
        }

        var script = System.IO.Path.Combine(RepoRoot, "examples", "make-big-profile.sh");
        var output = System.IO.Path.Combine(scratchDirectory, "big-heap.pb.gz");
        Console.WriteLine($"// generating the big profile: {script} {output}");
        var start = new ProcessStartInfo("bash") { UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(output);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start bash");
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}");
        }

        Environment.SetEnvironmentVariable(BigProfileVariable, output);
        return output;
    }

    private static bool IsGzip(byte[] data) => data.Length >= 2 && data[0] == 0x1f && data[1] == 0x8b;

    public static byte[] Inflate(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream(gzip.Length * 8);
        input.CopyTo(output);
        return output.ToArray();
    }

    private static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "GoMem.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("cannot find the repository root (GoMem.slnx) above " + AppContext.BaseDirectory);
    }
}
