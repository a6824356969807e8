namespace GoMem.Storage.Monitoring;

/// <summary>
/// One target's parts read once for several of its snapshots (<see cref="IMonitoringStore.LoadProfiles"/>): a Load call
/// asks the engine's part store only for the ids no earlier call read, so snapshots that share their strings,
/// functions, locations and stacks (a target's snapshots mostly do) cost one read of each. Reading only.
/// </summary>
internal sealed class CachedProfileParts(IProfilePartStore inner) : IProfilePartStore
{
    private readonly Dictionary<long, string> _strings = [];
    private readonly Dictionary<long, MappingPart> _mappings = [];
    private readonly Dictionary<long, FunctionPart> _functions = [];
    private readonly Dictionary<long, LocationPart> _locations = [];
    private readonly Dictionary<long, byte[]> _stacks = [];

    public long[] InternStrings(IReadOnlyList<Hashed<string>> strings) => throw ReadOnly();

    public long[] InternMappings(IReadOnlyList<Hashed<MappingPart>> mappings) => throw ReadOnly();

    public long[] InternFunctions(IReadOnlyList<Hashed<FunctionPart>> functions) => throw ReadOnly();

    public long[] InternLocations(IReadOnlyList<Hashed<LocationPart>> locations) => throw ReadOnly();

    public long[] InternStacks(IReadOnlyList<Hashed<byte[]>> stacks) => throw ReadOnly();

    public string[] LoadStrings(IReadOnlyList<long> ids) => Load(ids, _strings, inner.LoadStrings);

    public MappingPart[] LoadMappings(IReadOnlyList<long> ids) => Load(ids, _mappings, inner.LoadMappings);

    public FunctionPart[] LoadFunctions(IReadOnlyList<long> ids) => Load(ids, _functions, inner.LoadFunctions);

    public LocationPart[] LoadLocations(IReadOnlyList<long> ids) => Load(ids, _locations, inner.LoadLocations);

    public byte[][] LoadStacks(IReadOnlyList<long> ids) => Load(ids, _stacks, inner.LoadStacks);

    private static T[] Load<T>(IReadOnlyList<long> ids, Dictionary<long, T> cache, Func<IReadOnlyList<long>, T[]> read)
    {
        List<long>? missing = null;
        foreach (var id in ids)
        {
            if (!cache.ContainsKey(id))
            {
                missing ??= [];
                missing.Add(id);
            }
        }

        if (missing is not null)
        {
            var distinct = missing.Distinct().ToList();
            var parts = read(distinct);
            for (var i = 0; i < parts.Length; i++)
            {
                cache[distinct[i]] = parts[i];
            }
        }

        var result = new T[ids.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = cache[ids[i]];
        }

        return result;
    }

    private static InvalidOperationException ReadOnly() => new("cached profile parts only read");
}
