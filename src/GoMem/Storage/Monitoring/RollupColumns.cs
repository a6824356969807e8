using System.Data.Common;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// The columns of <c>runtime_rollups</c> in one order for every engine (see <see cref="SqliteMonitoringSchema"/>):
/// the span, then per gauge <c>_min _avg _max _n</c>, per counter <c>_min _max _last</c>, then the last process
/// identity. Writers bind <see cref="Values"/> in this order; <see cref="Read"/> reads a row selected with <see cref="List"/>.
/// </summary>
internal static class RollupColumns
{
    private const int SpanColumns = 7;

    public static IReadOnlyList<string> Names { get; } =
    [
        "target_id", "resolution_ms", "bucket_unix_ms", "sample_count", "first_unix_ms", "last_unix_ms", "sources",
        .. RuntimeSeriesFigures.Gauges.SelectMany(g => new[] { g.Column + "_min", g.Column + "_avg", g.Column + "_max", g.Column + "_n" }),
        .. RuntimeSeriesFigures.Counters.SelectMany(c => new[] { c.Column + "_min", c.Column + "_max", c.Column + "_last" }),
        "process_start_time_seconds", "pid",
    ];

    /// <summary>Per column of <see cref="Names"/>: true when it holds a real number (double precision), false for an integer.</summary>
    public static IReadOnlyList<bool> IsReal { get; } =
    [
        false, false, false, false, false, false, false,
        .. RuntimeSeriesFigures.Gauges.SelectMany(g => new[] { !g.IsWhole, true, !g.IsWhole, false }),
        .. RuntimeSeriesFigures.Counters.SelectMany(_ => new[] { false, false, false }),
        true, false,
    ];

    /// <summary>Every column, comma-separated.</summary>
    public static string List { get; } = string.Join(", ", Names);

    /// <summary>The key of a rollup row.</summary>
    public const string Key = "target_id, resolution_ms, bucket_unix_ms";

    /// <summary>"c = excluded.c" for every column but the key: an upsert that replaces the row.</summary>
    public static string ReplaceAll { get; } = string.Join(", ", Names.Skip(3).Select(n => $"{n} = excluded.{n}"));

    /// <summary>The row's values in <see cref="Names"/> order; an absent figure is <see cref="DBNull"/>.</summary>
    public static object[] Values(long targetId, RuntimeRollup rollup)
    {
        var values = new object[Names.Count];
        var i = 0;
        values[i++] = targetId;
        values[i++] = (long)rollup.Resolution.TotalMilliseconds;
        values[i++] = rollup.Time.ToUnixTimeMilliseconds();
        values[i++] = (long)rollup.SampleCount;
        values[i++] = rollup.FirstSample.ToUnixTimeMilliseconds();
        values[i++] = rollup.LastSample.ToUnixTimeMilliseconds();
        values[i++] = (int)rollup.Sources;
        foreach (var figure in RuntimeSeriesFigures.Gauges)
        {
            var gauge = rollup[figure.Key];
            values[i++] = gauge is { } a ? Number(a.Min, figure.IsWhole) : DBNull.Value;
            values[i++] = gauge is { } b ? b.Average : DBNull.Value;
            values[i++] = gauge is { } c ? Number(c.Max, figure.IsWhole) : DBNull.Value;
            values[i++] = gauge is { } d ? d.Count : DBNull.Value;
        }

        foreach (var figure in RuntimeSeriesFigures.Counters)
        {
            var counter = rollup[figure.Key];
            values[i++] = counter is { } a ? a.Min : DBNull.Value;
            values[i++] = counter is { } b ? b.Max : DBNull.Value;
            values[i++] = counter is { } c ? c.Last : DBNull.Value;
        }

        values[i++] = rollup.ProcessStartTimeSeconds is { } start ? start : DBNull.Value;
        values[i] = rollup.Pid is { } pid ? pid : DBNull.Value;
        return values;
    }

    /// <summary>A row selected with <see cref="List"/> (the target id at ordinal 0 is not read).</summary>
    public static RuntimeRollup Read(DbDataReader r)
    {
        var i = SpanColumns;
        var gauges = new GaugeRollup?[RuntimeSeriesFigures.Gauges.Count];
        for (var g = 0; g < gauges.Length; g++, i += 4)
        {
            var whole = RuntimeSeriesFigures.Gauges[g].IsWhole;
            gauges[g] = r.IsDBNull(i + 3) ? null : new GaugeRollup(Number(r, i, whole), r.GetDouble(i + 1), Number(r, i + 2, whole), r.GetInt64(i + 3));
        }

        var counters = new CounterRollup?[RuntimeSeriesFigures.Counters.Count];
        for (var c = 0; c < counters.Length; c++, i += 3)
        {
            counters[c] = r.IsDBNull(i) ? null : new CounterRollup(r.GetInt64(i), r.GetInt64(i + 1), r.GetInt64(i + 2));
        }

        return new RuntimeRollup(MonitoringRows.Time(r, 2), TimeSpan.FromMilliseconds(r.GetInt64(1)), gauges, counters)
        {
            SampleCount = checked((int)r.GetInt64(3)),
            FirstSample = MonitoringRows.Time(r, 4),
            LastSample = MonitoringRows.Time(r, 5),
            Sources = (RuntimeSampleSources)r.GetInt32(6),
            ProcessStartTimeSeconds = MonitoringRows.OptionalDouble(r, i),
            Pid = MonitoringRows.OptionalLong(r, i + 1),
        };
    }

    /// <summary>A whole-number figure as an integer column (saturating: MaxInt64 stays MaxInt64), a real one as is.</summary>
    private static object Number(double value, bool whole) => whole ? (object)(long)value : value;

    private static double Number(DbDataReader r, int ordinal, bool whole) => whole ? r.GetInt64(ordinal) : r.GetDouble(ordinal);
}
