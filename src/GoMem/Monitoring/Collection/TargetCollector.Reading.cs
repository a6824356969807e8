using GoMem.Goroutines;
using GoMem.IO;
using GoMem.Monitoring.Analysis;
using GoMem.Monitoring.Config;
using GoMem.Profiles;
using GoMem.RuntimeStats.Breakdown;
using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.GoMetrics;
using GoMem.RuntimeStats.Prometheus.Parsing;
using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Collection;

/// <summary>What a cycle read: the bodies fetched, parsed with the one-shot parsers into a runtime sample and profiles.</summary>
public sealed partial class TargetCollector
{
    /// <summary>Parses what was fetched; a body that does not parse is that endpoint's error, like a failed fetch.</summary>
    private Reading Read(IReadOnlyList<Fetched> fetched, DateTimeOffset now)
    {
        var evidence = new MemoryEvidenceBuilder();
        var sources = RuntimeSampleSources.None;
        double? startTime = null;
        var profiles = new List<(EndpointKind, Profile)>();
        var errors = new List<(EndpointKind Kind, string Text)>();
        var badProfiles = new HashSet<EndpointKind>();
        foreach (var f in fetched)
        {
            if (f.Error is not null || f.Body is null)
            {
                errors.Add((f.Kind, f.Error ?? $"{f.Url}: no body"));
                if (f.BadInput)
                {
                    badProfiles.Add(f.Kind);
                }

                continue;
            }

            try
            {
                switch (f.Kind)
                {
                    case EndpointKind.Vars:
                        using (var input = InputOpener.OpenBytes(f.Url.ToString(), f.Body))
                        {
                            evidence.AddExpvar(ExpvarParser.Parse(input), f.Url.ToString());
                        }

                        sources |= RuntimeSampleSources.DebugVars;
                        break;
                    case EndpointKind.Metrics:
                        using (var input = InputOpener.OpenBytes(f.Url.ToString(), f.Body))
                        {
                            var view = GoMetricsView.Create(PrometheusTextParser.Parse(input));
                            evidence.AddMetrics(view, f.Url.ToString());
                            startTime = view.ProcessStartTimeSeconds;
                        }

                        sources |= RuntimeSampleSources.Metrics;
                        break;
                    default:
                        profiles.Add((f.Kind, ProfileReader.ReadBytes(f.Url.ToString(), f.Body, _options.ProfileLimits)));
                        break;
                }
            }
            catch (Exception e) when (e is BadInputException or AmbiguousMetricsTargetException)
            {
                errors.Add((f.Kind, e is AmbiguousMetricsTargetException ? $"{f.Url}: holds several processes; give each its own target" : e.Message));
                badProfiles.Add(f.Kind);
            }
        }

        RuntimeSample? sample = null;
        if (evidence.HasRuntimeFigures)
        {
            sample = RuntimeSampleReader.From(now, evidence.Build(), sources, startTime, _target.MemoryLimitBytes);
        }

        // Up when something of the service answered and parsed; down with the first reason otherwise.
        var error = sample is null && profiles.Count == 0 ? (errors.Count > 0 ? errors[0].Text : "no endpoint was due") : null;
        var identity = sample is null ? null : new ProcessIdentity(sample.ProcessStartTimeSeconds, sample.NumGc, sample.TotalAllocBytes);
        return new Reading(sample, profiles, error, errors, identity, badProfiles);
    }

    private static Profile? Profile(Reading reading, EndpointKind kind) =>
        reading.Profiles.FirstOrDefault(p => p.Kind == kind).Profile;

    private static GoroutineDump? Goroutines(Reading reading)
    {
        if (Profile(reading, EndpointKind.Goroutine) is not { } profile)
        {
            return null;
        }

        try
        {
            return GoroutineDumpReader.FromProfile(profile.Source, profile, GoroutineDumpFormat.Proto);
        }
        catch (BadInputException)
        {
            return null;
        }
    }

    private sealed record Fetched(EndpointKind Kind, Uri Url, byte[]? Body, string? Error, bool BadInput);

    private sealed record Reading(RuntimeSample? Sample, IReadOnlyList<(EndpointKind Kind, Profile Profile)> Profiles, string? Error, IReadOnlyList<(EndpointKind Kind, string Text)> Problems, ProcessIdentity? Identity, IReadOnlySet<EndpointKind> BadProfiles);
}
