using System.Data.Common;
using GoMem.Findings;
using GoMem.Monitoring;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// Reads the monitoring tables' rows, the same for every engine: both schemas keep the same columns in the same order
/// (times as unix milliseconds, labels as canonical JSON, severities by name), so one reader serves SQLite and PostgreSQL.
/// </summary>
internal static class MonitoringRows
{
    /// <summary>The runtime_samples columns <see cref="ReadRuntimeSample"/> reads, in its order.</summary>
    public const string RuntimeColumns = """
        time_unix_ms, sources, rss_bytes, heap_alloc_bytes, heap_inuse_bytes, heap_idle_bytes, heap_released_bytes, heap_sys_bytes,
        sys_bytes, next_gc_bytes, stack_inuse_bytes, goroutines, num_gc, total_alloc_bytes, gc_cpu_fraction, pause_p99_seconds, gogc,
        gomemlimit_bytes, container_limit_bytes, process_start_time_seconds, pid, stack_sys_bytes, heap_objects, mspan_sys_bytes,
        mcache_sys_bytes, buck_hash_sys_bytes, gc_sys_bytes, other_sys_bytes, heap_live_bytes, pause_count, pause_p50_seconds,
        pause_max_seconds, size_classes
        """;

    public static DateTimeOffset Time(DbDataReader r, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(ordinal));

    public static DateTimeOffset? OptionalTime(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Time(r, ordinal);

    public static long? OptionalLong(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt64(ordinal);

    public static double? OptionalDouble(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetDouble(ordinal);

    /// <summary>Of the row at or before <paramref name="time"/> and the one after it, the closer (the earlier on a tie).</summary>
    public static T? Closer<T>(T? before, T? after, DateTimeOffset time, Func<T, DateTimeOffset> timeOf)
        where T : class
    {
        if (before is null || after is null)
        {
            return before ?? after;
        }

        return time - timeOf(before) <= timeOf(after) - time ? before : after;
    }

    public static MonitoringTarget ReadTarget(DbDataReader r)
    {
        var state = r.GetString(4) switch
        {
            "up" => TargetHealthState.Up,
            "down" => TargetHealthState.Down,
            _ => TargetHealthState.Unknown,
        };
        var health = new TargetHealth(state, r.IsDBNull(5) ? null : r.GetString(5), OptionalTime(r, 6), OptionalTime(r, 7));
        return new MonitoringTarget(r.GetInt64(0), r.GetString(1), r.GetString(2), LabelSet.FromJson(r.GetString(3)), health);
    }

    public static RuntimeSample ReadRuntimeSample(DbDataReader r) => new()
    {
        Time = Time(r, 0),
        Sources = (RuntimeSampleSources)r.GetInt32(1),
        RssBytes = OptionalLong(r, 2),
        HeapAllocBytes = OptionalLong(r, 3),
        HeapInuseBytes = OptionalLong(r, 4),
        HeapIdleBytes = OptionalLong(r, 5),
        HeapReleasedBytes = OptionalLong(r, 6),
        HeapSysBytes = OptionalLong(r, 7),
        SysBytes = OptionalLong(r, 8),
        NextGcBytes = OptionalLong(r, 9),
        StackInuseBytes = OptionalLong(r, 10),
        Goroutines = OptionalLong(r, 11),
        NumGc = OptionalLong(r, 12),
        TotalAllocBytes = OptionalLong(r, 13),
        GcCpuFraction = OptionalDouble(r, 14),
        PauseP99Seconds = OptionalDouble(r, 15),
        Gogc = OptionalLong(r, 16),
        GomemlimitBytes = OptionalLong(r, 17),
        ContainerLimitBytes = OptionalLong(r, 18),
        ProcessStartTimeSeconds = OptionalDouble(r, 19),
        Pid = OptionalLong(r, 20),
        StackSysBytes = OptionalLong(r, 21),
        HeapObjects = OptionalLong(r, 22),
        MSpanSysBytes = OptionalLong(r, 23),
        MCacheSysBytes = OptionalLong(r, 24),
        BuckHashSysBytes = OptionalLong(r, 25),
        GcSysBytes = OptionalLong(r, 26),
        OtherSysBytes = OptionalLong(r, 27),
        HeapLiveBytes = OptionalLong(r, 28),
        PauseCount = OptionalLong(r, 29),
        PauseP50Seconds = OptionalDouble(r, 30),
        PauseMaxSeconds = OptionalDouble(r, 31),
        SizeClasses = r.IsDBNull(32) ? null : SizeClassCounts.Decode((byte[])r.GetValue(32), "the store's runtime samples"),
    };

    public static ProfileSnapshot ReadSnapshot(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), Time(r, 3), ProfileSnapshotCodec.ReadSampleTypes(r.GetString(4)), r.GetString(5), r.GetInt32(6));

    public static StoredFinding ReadFinding(DbDataReader r) => new(
        r.GetInt64(0),
        new MonitoringFinding(r.GetInt64(1), r.GetString(2), r.GetString(3), SeverityText.Parse(r.GetString(4)), r.GetString(5), r.GetString(6), Time(r, 7), Time(r, 8), OptionalTime(r, 9)));
}
