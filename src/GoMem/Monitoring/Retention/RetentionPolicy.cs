using GoMem.IO;

namespace GoMem.Monitoring.Retention;

/// <summary>
/// What the monitoring store keeps, and for how long (applied by <see cref="RetentionPass"/>):
/// <list type="bullet">
/// <item><see cref="Profiles"/>: every snapshot for a while, then the first of each span (per target and profile
/// kind), then nothing. Default <c>24h,10m:7d,1h:90d</c>.</item>
/// <item><see cref="Runtime"/>: every sample for a while, then rolled up per span (gauges as min, average and max,
/// counters as last value; never summed), then nothing. Default <c>24h,1m:7d,1h:90d</c>.</item>
/// <item><see cref="Events"/> (restarts, outages) and <see cref="Findings"/> (resolved ones; open findings are kept):
/// how long. Default 90 days each.</item>
/// </list>
/// Written <c>profiles=24h,10m:7d,1h:90d;runtime=24h,1m:7d,1h:90d;events=90d;findings=90d</c>, each key optional.
/// </summary>
public sealed record RetentionPolicy(RetentionTiers Profiles, RetentionTiers Runtime, TimeSpan Events, TimeSpan Findings)
{
    public const string ProfilesKey = "profiles", RuntimeKey = "runtime", EventsKey = "events", FindingsKey = "findings";

    /// <summary>The keys, in the order they are written.</summary>
    public static IReadOnlyList<string> Keys { get; } = [ProfilesKey, RuntimeKey, EventsKey, FindingsKey];

    public static RetentionPolicy Default { get; } = new(
        RetentionTiers.Parse("24h,10m:7d,1h:90d"),
        RetentionTiers.Parse("24h,1m:7d,1h:90d"),
        TimeSpan.FromDays(90),
        TimeSpan.FromDays(90));

    /// <summary>
    /// This policy with the settings of <paramref name="spec"/> (<c>key=value</c> pairs separated by ';') in place of
    /// its own. A bad spec is an <see cref="InvalidSettingException"/> for the setting "Retention".
    /// </summary>
    public RetentionPolicy With(string spec)
    {
        var policy = this;
        foreach (var pair in spec.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new InvalidSettingException("Retention", $"\"{pair}\" is not KEY=VALUE (keys: {string.Join(", ", Keys)}; like profiles=24h,10m:7d,1h:90d)");
            }

            var key = pair[..equals].Trim();
            if (!policy.TryWith(key, pair[(equals + 1)..].Trim(), out policy, out var problem))
            {
                throw new InvalidSettingException("Retention", Keys.Contains(key) ? $"{key}: {problem}" : problem);
            }
        }

        return policy;
    }

    /// <summary>This policy with one setting replaced; false, with the problem (not naming the key), when the key or value is bad.</summary>
    public bool TryWith(string key, string value, out RetentionPolicy policy, out string problem)
    {
        policy = this;
        switch (key)
        {
            case ProfilesKey or RuntimeKey:
                if (!RetentionTiers.TryParse(value, out var tiers, out problem))
                {
                    return false;
                }

                policy = key == ProfilesKey ? this with { Profiles = tiers } : this with { Runtime = tiers };
                return true;
            case EventsKey or FindingsKey:
                if (!RetentionTiers.TryDuration(value, out var age, out problem))
                {
                    return false;
                }

                policy = key == EventsKey ? this with { Events = age } : this with { Findings = age };
                return true;
            default:
                var guess = GoMem.Monitoring.Config.Suggestions.Closest(key, Keys);
                problem = $"unknown key \"{key}\"{(guess is null ? "" : $"; did you mean \"{guess}\"?")} (known: {string.Join(", ", Keys)})";
                return false;
        }
    }

    /// <summary>The written form of every setting: <c>profiles=...;runtime=...;events=90d;findings=90d</c>.</summary>
    public override string ToString() =>
        $"{ProfilesKey}={Profiles};{RuntimeKey}={Runtime};{EventsKey}={RetentionTiers.Format(Events)};{FindingsKey}={RetentionTiers.Format(Findings)}";
}
