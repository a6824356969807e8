using GoMem.IO;
using GoMem.Profiles;
using GoMem.Storage.Monitoring;

namespace GoMem.Sources;

/// <summary>A stored profile with the snapshot it was loaded from (its time, kind and sample types).</summary>
public sealed record StoredProfile(MonitoringTarget Target, ProfileSnapshot Snapshot, Profile Profile);

/// <summary>A profile that <c>gomem watch</c> stored: the snapshot of one kind nearest a moment, for one target.</summary>
public static class StoredProfileSource
{
    public static Profile Read(IMonitoringStore store, string storeName, string? target, string kind, DateTimeOffset at) =>
        Read(store, storeName, StoredTargets.Find(store, target, storeName), kind, at).Profile;

    /// <summary>The snapshot of <paramref name="kind"/> nearest <paramref name="at"/> of a target already found; none stored is bad input.</summary>
    public static StoredProfile Read(IMonitoringStore store, string storeName, MonitoringTarget target, string kind, DateTimeOffset at)
    {
        var snapshot = store.NearestProfileSnapshot(target.Id, kind, at)
            ?? throw new BadInputException(storeName, $"no {kind} profile of {target.Job}/{target.Instance} is stored");
        var profile = store.LoadProfile(snapshot.Id);
        profile.Source = $"{storeName}: {kind} of {target.Job}/{target.Instance} at {snapshot.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}";
        return new StoredProfile(target, snapshot, profile);
    }
}
