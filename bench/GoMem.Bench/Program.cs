using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using GoMem.Bench;

// dotnet run -c Release --project bench/GoMem.Bench -- --filter '*' [--job short]
// The big profile comes from GOMEM_BIG_PROFILE, or is generated once here (examples/make-big-profile.sh, needs Go)
// and handed to the benchmark processes through the same variable.
if (args.Length > 0 && args[0] == "--leak-window-footprint")
{
    LeakWindowFootprint.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100);
    return 0;
}

if (args.Length > 1 && args[0] == "--goroutine-digest")
{
    GoroutineDigestFootprint.Run(args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "--retention-footprint")
{
    RetentionFootprint.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1,
        args.Length > 3 ? args[3] : null);
    return 0;
}

if (args.Length > 1 && args[0] == "--serve-store")
{
    ServeStore.Run(
        args[1],
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100,
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 24);
    return 0;
}

if (args.Length > 2 && args[0] == "--gc-pauses")
{
    GcPauses.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

var config = DefaultConfig.Instance.AddColumn(new ThroughputColumn());
var listsOnly = args.Any(a => a is "--list" or "-h" or "--help" or "-?" or "--version" or "--info");
string? scratch = null;
try
{
    // BenchmarkDotNet looks for GoMem.Bench.csproj under the current directory when it builds the benchmark processes.
    var cwd = Path.GetFullPath(Environment.CurrentDirectory);
    if (!(cwd + Path.DirectorySeparatorChar).StartsWith(BenchInputs.RepoRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
    {
        Environment.CurrentDirectory = BenchInputs.RepoRoot;
    }

    if (!listsOnly)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(BenchInputs.BigProfileVariable)))
        {
            scratch = Directory.CreateTempSubdirectory("gomem-bench-").FullName;
        }

        var big = BenchInputs.EnsureBigProfile(scratch ?? Path.GetTempPath());
        var bytes = BenchInputs.Load(BenchProfile.Big);
        Console.WriteLine($"// big profile: {big} ({bytes.Gzip.Length:N0} bytes gzip, {bytes.Raw.Length:N0} bytes inflated)");
    }

    BenchmarkSwitcher.FromAssembly(typeof(BenchInputs).Assembly).Run(args, config);
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or FileNotFoundException)
{
    Console.Error.WriteLine("GoMem.Bench: " + e.Message);
    return 1;
}
finally
{
    if (scratch is not null)
    {
        Directory.Delete(scratch, recursive: true);
    }
}
