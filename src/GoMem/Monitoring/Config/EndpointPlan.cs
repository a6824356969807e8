namespace GoMem.Monitoring.Config;

/// <summary>The endpoints of a Go service that the collector can read.</summary>
public enum EndpointKind
{
    /// <summary><c>/debug/vars</c>: expvar's runtime.MemStats.</summary>
    Vars,

    /// <summary><c>/metrics</c>: the Prometheus text exposition (go_memstats_*, process_*).</summary>
    Metrics,

    /// <summary><c>/debug/pprof/heap</c>.</summary>
    Heap,

    /// <summary><c>/debug/pprof/allocs</c> (the same data as heap, allocation-oriented by default).</summary>
    Allocs,

    /// <summary><c>/debug/pprof/goroutine</c>.</summary>
    Goroutine,
}

/// <summary>
/// Whether a profile is taken, and on which scrape: every <see cref="Every"/>th, starting with the first. For the heap
/// profile, <see cref="ForceGc"/> asks the service to collect first (<c>?gc=1</c>), so in-use is the live heap now
/// rather than as of its last GC: exact for leak verdicts on services that collect rarely, at the cost of one GC.
/// </summary>
public sealed record ProfileSchedule(bool Enabled, int Every, bool ForceGc = false)
{
    public const int DefaultEvery = 6;

    public bool IsDueAt(long cycle) => Enabled && cycle % Every == 0;
}

/// <summary>
/// What to read from a target and how often, from <c>profiling_config</c>: runtime statistics (<c>vars</c>,
/// <c>metrics</c>) on every scrape, each pprof profile on every <see cref="ProfileSchedule.Every"/>th scrape.
/// </summary>
public sealed record EndpointPlan(bool Vars, bool Metrics, ProfileSchedule Heap, ProfileSchedule Allocs, ProfileSchedule Goroutine)
{
    /// <summary>vars and metrics every scrape; heap and goroutine profiles every 6th; allocs off (heap holds the same data).</summary>
    public static EndpointPlan Default { get; } = new(
        Vars: true,
        Metrics: true,
        Heap: new ProfileSchedule(true, ProfileSchedule.DefaultEvery),
        Allocs: new ProfileSchedule(false, ProfileSchedule.DefaultEvery),
        Goroutine: new ProfileSchedule(true, ProfileSchedule.DefaultEvery));

    /// <summary>The endpoint's path below the target's URL (which already ends in the path prefix and '/').</summary>
    public string PathOf(EndpointKind kind) => kind == EndpointKind.Heap && Heap.ForceGc ? RelativePath(kind) + "?gc=1" : RelativePath(kind);

    /// <summary>The endpoint's path below the target's URL, without options.</summary>
    public static string RelativePath(EndpointKind kind) => kind switch
    {
        EndpointKind.Vars => "debug/vars",
        EndpointKind.Metrics => "metrics",
        EndpointKind.Heap => "debug/pprof/heap",
        EndpointKind.Allocs => "debug/pprof/allocs",
        EndpointKind.Goroutine => "debug/pprof/goroutine",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The endpoints to read on scrape number <paramref name="cycle"/> (0 is the first scrape, which takes every enabled profile).</summary>
    public IReadOnlyList<EndpointKind> DueAt(long cycle)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cycle);
        var due = new List<EndpointKind>(5);
        if (Vars)
        {
            due.Add(EndpointKind.Vars);
        }

        if (Metrics)
        {
            due.Add(EndpointKind.Metrics);
        }

        foreach (var (kind, schedule) in Profiles)
        {
            if (schedule.IsDueAt(cycle))
            {
                due.Add(kind);
            }
        }

        return due;
    }

    /// <summary>One line for a configuration check: <c>vars, metrics every scrape; heap, goroutine every 6th scrape</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        var everyScrape = new List<string>();
        if (Vars)
        {
            everyScrape.Add("vars");
        }

        if (Metrics)
        {
            everyScrape.Add("metrics");
        }

        everyScrape.AddRange(Profiles.Where(p => p.Schedule is { Enabled: true, Every: 1 }).Select(p => Name(p.Kind)));
        if (everyScrape.Count > 0)
        {
            parts.Add(string.Join(", ", everyScrape) + " every scrape");
        }

        foreach (var group in Profiles.Where(p => p.Schedule is { Enabled: true, Every: > 1 }).GroupBy(p => p.Schedule.Every))
        {
            parts.Add($"{string.Join(", ", group.Select(p => Name(p.Kind)))} every {Ordinal(group.Key)} scrape");
        }

        return parts.Count == 0 ? "nothing" : string.Join("; ", parts);
    }

    private IEnumerable<(EndpointKind Kind, ProfileSchedule Schedule)> Profiles =>
        [(EndpointKind.Heap, Heap), (EndpointKind.Allocs, Allocs), (EndpointKind.Goroutine, Goroutine)];

    private string Name(EndpointKind kind) => kind == EndpointKind.Heap && Heap.ForceGc ? "heap (gc=1)" : kind.ToString().ToLowerInvariant();

    private static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => $"{n}th",
        _ => (n % 10) switch { 1 => $"{n}st", 2 => $"{n}nd", 3 => $"{n}rd", _ => $"{n}th" },
    };
}
