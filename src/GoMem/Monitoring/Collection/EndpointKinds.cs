using GoMem.Monitoring.Config;
using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Collection;

/// <summary>What the collector calls each endpoint's data: in its errors, and as the store's profile kind.</summary>
internal static class EndpointKinds
{
    /// <summary>The store's profile kind of a profile endpoint (Go's /debug/pprof names).</summary>
    public static string StoredProfileKind(EndpointKind kind) => kind switch
    {
        EndpointKind.Heap => ProfileKinds.Heap,
        EndpointKind.Allocs => ProfileKinds.Allocs,
        _ => ProfileKinds.Goroutine,
    };

    /// <summary>What the endpoint sends, as a fetch error names it ("... is not a Go profile").</summary>
    public static string Describe(EndpointKind kind) => kind switch
    {
        EndpointKind.Vars => "/debug/vars data",
        EndpointKind.Metrics => "/metrics data",
        EndpointKind.Goroutine => "a goroutine profile",
        _ => "a Go profile",
    };
}
