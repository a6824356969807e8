using GoMem.IO;

namespace GoMem.RuntimeStats.Cgroups;

/// <summary>
/// Reads the memory controller files of one cgroup directory: a live <c>/sys/fs/cgroup/...</c> directory or a
/// captured copy holding some of its <c>memory.*</c> files. Missing files are simply absent from the result; the
/// version is told by which files exist (v2 memory.current/max/events, v1 memory.usage_in_bytes/limit_in_bytes).
/// </summary>
public static class CgroupMemoryReader
{
    private static readonly string[] V2Markers = ["memory.current", "memory.max", "memory.events"];
    private static readonly string[] V1Markers = ["memory.usage_in_bytes", "memory.limit_in_bytes", "memory.max_usage_in_bytes"];

    public static CgroupMemory ReadDirectory(string directory, RuntimeStatsLimits? limits = null)
    {
        limits ??= RuntimeStatsLimits.Default;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"cgroup directory {directory} does not exist");
        }

        var version = DetectVersion(directory, limits);
        var files = new List<string>();
        var reader = new FileReader(directory, limits, files);
        return version == CgroupVersion.V2 ? ReadV2(directory, reader, files) : ReadV1(directory, reader, files);
    }

    private static CgroupMemory ReadV2(string directory, FileReader reader, List<string> files)
    {
        var events = reader.KeyValues("memory.events");
        return new CgroupMemory
        {
            Version = CgroupVersion.V2,
            Directory = directory,
            Limit = reader.Limit("memory.max"),
            High = reader.Limit("memory.high"),
            SoftLimit = reader.Limit("memory.low"),
            SwapLimit = reader.Limit("memory.swap.max"),
            UsageBytes = reader.Value("memory.current"),
            PeakUsageBytes = reader.Value("memory.peak"),
            SwapUsageBytes = reader.Value("memory.swap.current"),
            Stat = reader.KeyValues("memory.stat"),
            Events = events,
            FilesRead = files,
        };
    }

    private static CgroupMemory ReadV1(string directory, FileReader reader, List<string> files)
    {
        var events = new Dictionary<string, long>(reader.KeyValues("memory.oom_control"), StringComparer.Ordinal);
        if (reader.Value("memory.failcnt") is { } failures)
        {
            events["failcnt"] = failures;
        }

        return new CgroupMemory
        {
            Version = CgroupVersion.V1,
            Directory = directory,
            Limit = reader.Limit("memory.limit_in_bytes"),
            SoftLimit = reader.Limit("memory.soft_limit_in_bytes"),
            SwapLimit = reader.Limit("memory.memsw.limit_in_bytes"),
            UsageBytes = reader.Value("memory.usage_in_bytes"),
            PeakUsageBytes = reader.Value("memory.max_usage_in_bytes"),
            SwapUsageBytes = reader.Value("memory.memsw.usage_in_bytes"),
            Stat = reader.KeyValues("memory.stat"),
            Events = events,
            FilesRead = files,
        };
    }

    private static CgroupVersion DetectVersion(string directory, RuntimeStatsLimits limits)
    {
        var v2 = Array.Exists(V2Markers, f => File.Exists(Path.Combine(directory, f)));
        var v1 = Array.Exists(V1Markers, f => File.Exists(Path.Combine(directory, f)));
        if (v1 && v2)
        {
            throw new BadInputException(directory, "holds both cgroup v1 and v2 memory files; expected one cgroup's directory");
        }

        if (v1 || v2)
        {
            return v2 ? CgroupVersion.V2 : CgroupVersion.V1;
        }

        // Only memory.stat: its keys tell (v2 "anon"/"file", v1 "rss"/"cache").
        var stat = Path.Combine(directory, "memory.stat");
        if (File.Exists(stat))
        {
            using var input = InputOpener.OpenFile(stat, limits.InputLimits);
            var pairs = CgroupValues.ParseKeyValues(input.Content, input.Name, limits);
            foreach (var (key, _) in pairs)
            {
                if (key is "anon" or "file")
                {
                    return CgroupVersion.V2;
                }

                if (key is "rss" or "cache")
                {
                    return CgroupVersion.V1;
                }
            }
        }

        throw new BadInputException(directory, "no cgroup memory files (memory.current, memory.max, memory.usage_in_bytes, memory.limit_in_bytes, memory.stat) in this directory");
    }

    /// <summary>Reads optional files of one directory, recording which were present.</summary>
    private sealed class FileReader(string directory, RuntimeStatsLimits limits, List<string> files)
    {
        public CgroupLimit? Limit(string name)
        {
            using var input = Open(name);
            return input is null ? null : CgroupValues.ParseLimit(input.Content, input.Name, limits);
        }

        public long? Value(string name)
        {
            using var input = Open(name);
            return input is null ? null : CgroupValues.ParseValue(input.Content, input.Name, limits);
        }

        public IReadOnlyDictionary<string, long> KeyValues(string name)
        {
            using var input = Open(name);
            return input is null
                ? new Dictionary<string, long>()
                : new Dictionary<string, long>(CgroupValues.ParseKeyValues(input.Content, input.Name, limits), StringComparer.Ordinal);
        }

        private OpenedInput? Open(string name)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                return null;
            }

            files.Add(name);
            return InputOpener.OpenFile(path, limits.InputLimits);
        }
    }
}
