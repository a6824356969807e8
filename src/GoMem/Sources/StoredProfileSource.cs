using GoMem.IO;
using GoMem.Profiles;
using GoMem.Storage.Monitoring;

namespace GoMem.Sources;

/// <summary>A profile that <c>gomem watch</c> stored: the snapshot of one kind nearest a moment, for one target.</summary>
public static class StoredProfileSource
{
    public static Profile Read(IMonitoringStore store, string storeName, string? target, string kind, DateTimeOffset at)
    {
        var found = StoredTargets.Find(store, target, storeName);
        var snapshot = store.NearestProfileSnapshot(found.Id, kind, at)
            ?? throw new BadInputException(storeName, $"no {kind} profile of {found.Job}/{found.Instance} is stored");
        var profile = store.LoadProfile(snapshot.Id);
        profile.Source = $"{storeName}: {kind} of {found.Job}/{found.Instance} at {snapshot.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}";
        return profile;
    }
}
