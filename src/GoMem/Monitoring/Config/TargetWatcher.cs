using GoMem.IO;

namespace GoMem.Monitoring.Config;

/// <summary>
/// Follows a configuration's targets as its file_sd files change, with no thread or timer of its own: the collector
/// calls <see cref="TryRefresh"/> whenever it likes (before each round of scrapes, say), and each
/// <c>file_sd_configs</c> entry is looked at again once its <c>refresh_interval</c> has passed on the
/// <see cref="TimeProvider"/>, which makes it testable step by step.
/// <para>
/// A look expands the patterns again (files added or removed) and reads every matched file, re-parsing only those
/// whose content hash changed: a hash rather than a timestamp, so an edit within the file system's timestamp
/// granularity is not missed. As in Prometheus, a broken file keeps its previous targets and is reported once, as
/// one line in <see cref="Errors"/>, until its content changes again.
/// </para>
/// Not thread-safe: call it from one thread (the scheduler's).
/// </summary>
public sealed class TargetWatcher
{
    private readonly WatchConfig config;
    private readonly TimeProvider time;
    private readonly List<ResolvedTarget>[] staticTargets;
    private readonly SdState[] sds;
    private readonly SdState[][] sdsByJob;
    private readonly List<string> errors = [];
    private IReadOnlyList<ResolvedTarget> current = [];
    private bool started;
    private int filesMatched;

    /// <exception cref="BadInputException">The static targets are invalid (not when the config came from <see cref="WatchConfigLoader.Load"/>).</exception>
    public TargetWatcher(WatchConfig config, TimeProvider? time = null)
    {
        this.config = config;
        this.time = time ?? TimeProvider.System;
        staticTargets = [.. config.Jobs.Select(job => TargetResolver.Resolve(config, job, job.StaticConfigs))];
        sdsByJob = [.. config.Jobs.Select((job, index) => job.FileSdConfigs.Select(sd => new SdState(index, sd)).ToArray())];
        sds = [.. sdsByJob.SelectMany(s => s)];
    }

    /// <summary>The targets as of the last refresh (none before the first).</summary>
    public IReadOnlyList<ResolvedTarget> Targets => current;

    /// <summary>The problems the last <see cref="TryRefresh"/> found, one line each (file:line: problem), each reported once.</summary>
    public IReadOnlyList<string> Errors => errors;

    /// <summary>When the next file_sd entry is due to be looked at; <see cref="DateTimeOffset.MaxValue"/> when there are only static targets.</summary>
    public DateTimeOffset NextRefreshAt => started ? sds.Select(s => s.Due).DefaultIfEmpty(DateTimeOffset.MaxValue).Min() : time.GetUtcNow();

    /// <summary>
    /// Looks at the file_sd entries that are due. True when the targets changed (and on the first call), with the
    /// new list; false with the unchanged list otherwise.
    /// </summary>
    public bool TryRefresh(out IReadOnlyList<ResolvedTarget> targets)
    {
        errors.Clear();
        var now = time.GetUtcNow();
        var changed = false;
        foreach (var sd in sds.Where(s => now >= s.Due))
        {
            sd.Due = now + sd.Config.RefreshInterval;
            changed |= Refresh(sd);
        }

        if (changed || !started)
        {
            var next = new List<ResolvedTarget>();
            var seen = new HashSet<ResolvedTarget>();
            try
            {
                for (var job = 0; job < config.Jobs.Count; job++)
                {
                    TargetResolver.AddDistinct(staticTargets[job], next, seen, config);
                    foreach (var sd in sdsByJob[job])
                    {
                        foreach (var file in sd.Order)
                        {
                            TargetResolver.AddDistinct(sd.Files[file].Targets, next, seen, config);
                        }
                    }
                }

                changed = !started || !next.SequenceEqual(current);
                current = next;
            }
            catch (BadInputException e)
            {
                errors.Add(e.Message + " (keeping the previous targets)");
                changed = false;
            }
        }

        started = true;
        targets = current;
        return changed;
    }

    private bool Refresh(SdState sd)
    {
        IReadOnlyList<string> files;
        try
        {
            files = FileSdReader.Expand(sd.Config, config.Path, Math.Max(0, config.Limits.MaxFileSdFiles - (filesMatched - sd.Order.Count)), config.Limits);
        }
        catch (Exception e) when (e is BadInputException or IOException or UnauthorizedAccessException)
        {
            Report(ref sd.Error, e is BadInputException ? e.Message : $"{config.Path}:{sd.Config.Line}: {e.Message}", " (keeping the files found before)");
            return false;
        }

        sd.Error = null;
        var changed = false;
        foreach (var gone in sd.Files.Keys.Except(files, StringComparer.Ordinal).ToList())
        {
            sd.Files.Remove(gone);
            changed = true;
        }

        foreach (var file in files)
        {
            if (!sd.Files.TryGetValue(file, out var state))
            {
                sd.Files[file] = state = new FileState();
            }

            changed |= Refresh(sd, file, state);
        }

        filesMatched += files.Count - sd.Order.Count;
        sd.Order = files;
        return changed;
    }

    private bool Refresh(SdState sd, string file, FileState state)
    {
        var keeping = state.Hash is null ? " (no targets from it yet)" : " (keeping its previous targets)";
        byte[] content, hash;
        try
        {
            content = FileSdReader.ReadBounded(file, config.Limits.MaxFileBytes);
            hash = FileSdReader.Hash(content);
        }
        catch (Exception e) when (e is BadInputException or IOException or UnauthorizedAccessException)
        {
            Report(ref state.Error, e is BadInputException ? e.Message : $"{file}: {e.Message}", keeping);
            return false;
        }

        if (Same(hash, state.Hash))
        {
            // Back to the content last read well: any breakage since is over, and would be news again.
            (state.FailedHash, state.Error) = (null, null);
            return false;
        }

        if (Same(hash, state.FailedHash))
        {
            return false;
        }

        try
        {
            var groups = FileSdReader.Parse(file, content, config.Limits);
            state.Targets = TargetResolver.Resolve(config, config.Jobs[sd.Job], groups);
            (state.Hash, state.FailedHash, state.Error) = (hash, null, null);
            return true;
        }
        catch (BadInputException e)
        {
            state.FailedHash = hash;
            Report(ref state.Error, e.Message, keeping);
            return false;
        }
    }

    /// <summary>Adds the error line unless this same problem was reported last time.</summary>
    private void Report(ref string? last, string message, string consequence)
    {
        if (last != message)
        {
            errors.Add(message.ReplaceLineEndings(" ") + consequence);
            last = message;
        }
    }

    private static bool Same(byte[] a, byte[]? b) => b is not null && a.AsSpan().SequenceEqual(b);

    private sealed class SdState(int job, FileSdConfig config)
    {
        public int Job { get; } = job;

        public FileSdConfig Config { get; } = config;

        public DateTimeOffset Due = DateTimeOffset.MinValue;

        public string? Error;

        public Dictionary<string, FileState> Files { get; } = new(StringComparer.Ordinal);

        public IReadOnlyList<string> Order { get; set; } = [];
    }

    private sealed class FileState
    {
        public byte[]? Hash;
        public byte[]? FailedHash;
        public string? Error;
        public List<ResolvedTarget> Targets = [];
    }
}
