using System.Diagnostics;

namespace GoMem.Tests.TestSupport;

/// <summary>
/// Builds and runs the example Go programs at test time, for inputs too big to commit (a 100,000-goroutine dump).
/// Needs Go (apt-get install -y golang-go); binaries go to /opt/gomem-examples as in examples/capture.sh.
/// </summary>
internal static class GoExamples
{
    private const string BinDir = "/opt/gomem-examples";
    private static readonly Lock BuildLock = new();
    private static readonly HashSet<string> Built = [];

    /// <summary>Builds examples/PROGRAM into /opt/gomem-examples (once per test run) and returns the binary path.</summary>
    public static string Build(string program)
    {
        lock (BuildLock)
        {
            // Built once per test run (Go's build cache makes it quick), never reused from an older run's sources.
            var binary = Path.Combine(BinDir, program + ".test-build");
            if (!Built.Add(program))
            {
                return binary;
            }

            Directory.CreateDirectory(BinDir);
            var start = new ProcessStartInfo("go", ["build", "-trimpath", "-o", binary, "./" + program])
            {
                WorkingDirectory = Path.Combine(RepoPaths.Root, "examples"),
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var (key, value) in new[] { ("GOPROXY", "off"), ("GOTOOLCHAIN", "local"), ("GOFLAGS", ""), ("CGO_ENABLED", "0") })
            {
                start.Environment[key] = value;
            }

            Run(start, "go build ./" + program + " (install Go: apt-get install -y golang-go)");
            return binary;
        }
    }

    public static void Run(string binary, params string[] args) =>
        Run(new ProcessStartInfo(binary, args) { RedirectStandardError = true, UseShellExecute = false }, binary);

    private static void Run(ProcessStartInfo start, string what)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + what);
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException(what + ": timed out");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what}: exit code {process.ExitCode}: {error}");
        }
    }
}
