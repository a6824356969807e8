using GoMem.IO;
using GoMem.Profiles;

namespace GoMem.Sources;

/// <summary>A profile named by a path, "-" (stdin) or a URL (a bare host means its /debug/pprof/heap).</summary>
public static class ProfileSource
{
    public const string DefaultEndpoint = "/debug/pprof/heap";

    public static Profile Read(string argument, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        if (!ServiceUrl.IsUrl(argument))
        {
            return ProfileReader.ReadFile(argument, limits);
        }

        var url = ServiceUrl.Resolve(argument, DefaultEndpoint);
        var body = new LiveServiceClient(LiveServiceClient.DefaultTimeout, limits.MaxInflatedBytes).Get(url, "a Go profile");
        return ProfileReader.ReadBytes(url.ToString(), body.Body, limits);
    }
}
