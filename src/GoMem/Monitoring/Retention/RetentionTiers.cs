using System.Globalization;
using GoMem.IO;

namespace GoMem.Monitoring.Retention;

/// <summary>After the previous tier, data is kept at one per <see cref="Resolution"/> until it is <see cref="Until"/> old.</summary>
public sealed record RetentionTier(TimeSpan Resolution, TimeSpan Until);

/// <summary>
/// How one kind of history ages: everything for <see cref="Raw"/>, then coarser and coarser tiers, then nothing.
/// Written <c>RAW,RESOLUTION:UNTIL,...</c>: <c>24h,10m:7d,1h:90d</c> keeps everything for 24 hours, then one per 10
/// minutes until 7 days old, then one per hour until 90 days old, and deletes what is older. Durations are Go's or
/// Prometheus' (<c>90m</c>, <c>36h</c>, <c>7d</c>, <c>2w</c>, <c>1y</c>). Each resolution is a whole number of seconds,
/// coarser than the one before and a multiple of it (so a kept one stays kept as it ages), and each tier reaches
/// further back than the one before. <c>7d</c> alone keeps everything for 7 days.
/// </summary>
public sealed class RetentionTiers : IEquatable<RetentionTiers>
{
    /// <summary>The longest any history can be kept (beyond this, times before year 1 come close).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(100 * 365);

    private RetentionTiers(TimeSpan raw, IReadOnlyList<RetentionTier> tiers)
    {
        Raw = raw;
        Tiers = tiers;
    }

    /// <summary>How long everything is kept.</summary>
    public TimeSpan Raw { get; }

    /// <summary>The coarser tiers, finest first.</summary>
    public IReadOnlyList<RetentionTier> Tiers { get; }

    /// <summary>The age beyond which nothing is kept.</summary>
    public TimeSpan Horizon => Tiers.Count == 0 ? Raw : Tiers[^1].Until;

    /// <summary>Reads a written form (see the class); a bad one is an <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static RetentionTiers Parse(string text) =>
        TryParse(text, out var tiers, out var problem) ? tiers : throw new ArgumentException(problem, nameof(text));

    public static bool TryParse(string text, out RetentionTiers tiers, out string problem)
    {
        tiers = null!;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts[0].Length == 0)
        {
            problem = $"\"{text}\" is empty: write how long to keep everything, then RESOLUTION:UNTIL steps (like 24h,10m:7d,1h:90d)";
            return false;
        }

        if (parts[0].Contains(':', StringComparison.Ordinal))
        {
            problem = $"\"{text}\" starts with a step: first write how long to keep everything (like 24h,{parts[0]})";
            return false;
        }

        if (!TryDuration(parts[0], out var raw, out problem))
        {
            return false;
        }

        var list = new List<RetentionTier>();
        var previousUntil = raw;
        for (var i = 1; i < parts.Length; i++)
        {
            var colon = parts[i].IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                problem = $"\"{parts[i]}\" is not a step RESOLUTION:UNTIL (like 10m:7d: one per 10 minutes until 7 days old)";
                return false;
            }

            if (!TryDuration(parts[i][..colon].Trim(), out var resolution, out problem) || !TryDuration(parts[i][(colon + 1)..].Trim(), out var until, out problem))
            {
                return false;
            }

            if (resolution.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                problem = $"\"{parts[i]}\": the resolution {Format(resolution)} is not a whole number of seconds";
                return false;
            }

            if (list.Count > 0 && (resolution <= list[^1].Resolution || resolution.Ticks % list[^1].Resolution.Ticks != 0))
            {
                problem = $"\"{parts[i]}\": the resolution {Format(resolution)} must be coarser than {Format(list[^1].Resolution)} and a multiple of it";
                return false;
            }

            if (until <= previousUntil)
            {
                problem = $"\"{parts[i]}\": {Format(until)} must be longer than the {Format(previousUntil)} before it (each step keeps older data)";
                return false;
            }

            if (resolution > until - previousUntil)
            {
                problem = $"\"{parts[i]}\": one per {Format(resolution)} for the {Format(until - previousUntil)} from {Format(previousUntil)} to {Format(until)} old keeps less than one";
                return false;
            }

            list.Add(new RetentionTier(resolution, until));
            previousUntil = until;
        }

        tiers = new RetentionTiers(raw, list);
        problem = "";
        return true;
    }

    /// <summary>The written form: <c>24h,10m:7d,1h:90d</c>.</summary>
    public override string ToString() => string.Join(",", [Format(Raw), .. Tiers.Select(t => $"{Format(t.Resolution)}:{Format(t.Until)}")]);

    /// <summary>
    /// For people: "every snapshot for 24h, then one per 10m until 7d old, one per 1h until 90d old"; with
    /// <paramref name="perTier"/> "min/avg/max per" it reads "... then min/avg/max per 1m until 7d old ...".
    /// </summary>
    public string Describe(string everything, string perTier)
    {
        var text = $"{everything} for {Format(Raw)}";
        for (var i = 0; i < Tiers.Count; i++)
        {
            text += $"{(i == 0 ? ", then " : ", ")}{perTier} {Format(Tiers[i].Resolution)} until {Format(Tiers[i].Until)} old";
        }

        return text + (Tiers.Count == 0 ? ", then deleted" : "");
    }

    /// <summary>A duration as short as it is exact: 90d, 24h, 10m, 30s (days from two days on), else Go's form.</summary>
    public static string Format(TimeSpan duration)
    {
        static string Whole(double value, string unit) => value.ToString("0", CultureInfo.InvariantCulture) + unit;
        if (duration >= TimeSpan.FromDays(2) && duration.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return Whole(duration.TotalDays, "d");
        }

        if (duration.Ticks % TimeSpan.TicksPerHour == 0 && duration > TimeSpan.Zero)
        {
            return Whole(duration.TotalHours, "h");
        }

        if (duration.Ticks % TimeSpan.TicksPerMinute == 0 && duration > TimeSpan.Zero)
        {
            return Whole(duration.TotalMinutes, "m");
        }

        return duration.Ticks % TimeSpan.TicksPerSecond == 0 && duration > TimeSpan.Zero ? Whole(duration.TotalSeconds, "s") : GoDuration.Format(duration);
    }

    /// <summary>A positive duration up to <see cref="MaxAge"/>, Go's or Prometheus' syntax.</summary>
    public static bool TryDuration(string text, out TimeSpan duration, out string problem)
    {
        problem = "";
        if (!GoDuration.TryParse(text, allowDaysWeeksYears: true, out duration))
        {
            problem = $"\"{text}\" is not a duration (like 30s, 10m, 24h, 7d, 2w, 1y)";
            return false;
        }

        if (duration <= TimeSpan.Zero || duration > MaxAge)
        {
            problem = $"\"{text}\" must be longer than zero and at most 100 years";
            return false;
        }

        return true;
    }

    public bool Equals(RetentionTiers? other) => other is not null && Raw == other.Raw && Tiers.SequenceEqual(other.Tiers);

    public override bool Equals(object? obj) => Equals(obj as RetentionTiers);

    public override int GetHashCode() => HashCode.Combine(Raw, Tiers.Count, Horizon);
}
