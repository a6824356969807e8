using GoMem.IO;
using GoMem.Storage.Monitoring;

namespace GoMem.Sources;

/// <summary>
/// Finds a watched target in a store by the name a user gives: its instance (<c>127.0.0.1:6060</c>), job/instance
/// (<c>api/127.0.0.1:6060</c>, as <c>gomem watch</c> prints it), or the value of one of its labels when only one
/// target has it. A store with a single target needs no name.
/// </summary>
public static class StoredTargets
{
    public static MonitoringTarget Find(IMonitoringStore store, string? name, string storeName)
    {
        var targets = store.Targets();
        if (targets.Count == 0)
        {
            throw new BadInputException(storeName, "holds no watched target (fill it with gomem watch)");
        }

        if (string.IsNullOrEmpty(name))
        {
            return targets.Count == 1
                ? targets[0]
                : throw new InvalidSettingException("Target", $"{storeName} holds {targets.Count} targets; name one ({Known(targets)})");
        }

        var exact = targets.Where(t => t.Instance == name || $"{t.Job}/{t.Instance}" == name).ToList();
        if (exact.Count == 1)
        {
            return exact[0];
        }

        var byLabel = targets.Where(t => t.Labels.Any(l => l.Value == name)).ToList();
        return (exact.Count > 1 ? exact : byLabel) switch
        {
            [var only] => only,
            [] => throw new InvalidSettingException("Target", $"no target \"{name}\" in {storeName} (known: {Known(targets)})"),
            var several => throw new InvalidSettingException("Target", $"\"{name}\" names {several.Count} targets in {storeName}; use job/instance ({Known(several)})"),
        };
    }

    private static string Known(IReadOnlyList<MonitoringTarget> targets) =>
        string.Join(", ", targets.Take(5).Select(t => $"{t.Job}/{t.Instance}")) + (targets.Count > 5 ? ", ..." : "");
}
