using GoMem.Goroutines;
using GoMem.IO;

namespace GoMem.Sources;

/// <summary>A goroutine dump named by a path, "-" (stdin) or a URL (a bare host means its ?debug=2 dump).</summary>
public static class GoroutineDumpSource
{
    /// <summary>The ?debug=2 dump: it carries states, wait times and creators.</summary>
    public const string DefaultEndpoint = "/debug/pprof/goroutine?debug=2";

    public static GoroutineDump Read(string argument)
    {
        if (!ServiceUrl.IsUrl(argument))
        {
            return GoroutineDumpReader.ReadFile(argument);
        }

        var url = ServiceUrl.Resolve(argument, DefaultEndpoint);
        var body = new LiveServiceClient(LiveServiceClient.DefaultTimeout, InputLimits.Default.MaxInflatedBytes).Get(url, "a goroutine dump");
        return GoroutineDumpReader.ReadBytes(url.ToString(), body.Body);
    }
}
