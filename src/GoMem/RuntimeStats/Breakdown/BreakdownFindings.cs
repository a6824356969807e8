using System.Globalization;
using GoMem.Findings;
using GoMem.Gc.Tuning;
using GoMem.Profiles;
using static GoMem.Output.Text.HumanText;

namespace GoMem.RuntimeStats.Breakdown;

/// <summary>
/// The plain sentences of <c>gomem explain</c>: for each part that is large, its cause and its remedy. Thresholds
/// are shares of RSS (or of the runtime's memory when RSS is unknown) with an absolute floor, so a 40 MB service
/// is not lectured about 3 MB of metadata.
/// </summary>
internal static class BreakdownFindings
{
    private const long Floor = 64L << 20;

    public static List<Finding> For(MemoryBreakdown b, MemoryEvidence evidence)
    {
        var findings = new List<Finding>();
        var basis = b.RssBytes ?? b.GoResidentBytes;
        bool Large(long bytes, double share) => bytes >= Floor && basis > 0 && bytes >= share * basis;
        string Pct(long bytes) => basis > 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes * 100.0 / basis:0.#}%") : "?";
        var basisName = b.RssBytes is null ? "of the runtime's memory" : "of RSS";

        if (b.LimitBytes is { } limit && limit > 0)
        {
            var used = b.RssBytes ?? b.GoResidentBytes;
            var ratio = (double)used / limit;
            if (ratio >= 0.8)
            {
                findings.Add(new Finding(
                    "near-limit",
                    ratio >= 0.9 ? Severity.Critical : Severity.Warning,
                    $"Memory is at {ratio:P0} of the container limit ({Bytes(used)} of {Bytes(limit)}); past the limit the kernel OOM-kills the process. " +
                    "Lower the heap (GOMEMLIMIT at 80-90% of the limit makes the GC work harder before that point) or raise the limit."));
            }

            if (evidence.GoMemLimitBytes is null or long.MaxValue)
            {
                var known = evidence.GoMemLimitBytes is null ? "GOMEMLIMIT is not visible in these inputs (go_gc_gomemlimit_bytes)" : "GOMEMLIMIT is not set";
                var measured = new TuningEvidence(evidence.Runtime.NonHeapBytes, "the runtime's Sys − HeapSys", b.NonGoBytes, null, null, null);
                var (advised, rule) = GcTuningAnalysis.RecommendedMemoryLimit(limit, measured);
                findings.Add(new Finding(
                    "gomemlimit-unset",
                    Severity.Warning,
                    $"The process runs under a {Bytes(limit)} memory limit but {known}. The Go runtime does not read the cgroup limit; " +
                    $"set GOMEMLIMIT={GoSize(advised)} so the GC keeps the heap below it. That is {rule}, as gomem gc tune advises."));
            }
        }

        if (Large(b.HeapFreeBytes, 0.10))
        {
            findings.Add(new Finding(
                "idle-heap-after-peak",
                Severity.Warning,
                $"{Bytes(b.HeapFreeBytes)} ({Pct(b.HeapFreeBytes)} {basisName}) is free heap kept from an earlier peak: spans the GC emptied but has not returned to the OS. " +
                "The background scavenger returns them over minutes; setting GOMEMLIMIT makes it return them as the limit nears, and debug.FreeOSMemory() returns them at once after a known peak."));
        }

        if (b.GarbageEstimateBytes is { } garbage && Large(garbage, 0.10))
        {
            findings.Add(new Finding(
                "garbage-awaiting-gc",
                Severity.Info,
                $"About {Bytes(garbage)} of HeapAlloc is garbage awaiting the next GC: HeapAlloc is {Bytes(b.HeapAllocBytes)} while the live heap at the last GC was about {Bytes(b.LiveHeapEstimateBytes!.Value)} ({b.LiveHeapEstimateMethod}). " +
                $"The next GC starts at {Bytes(b.NextGcBytes)} (headroom {Bytes(b.HeadroomToNextGcBytes)}). This is the price of GOGC: a lower GOGC keeps less garbage for more GC CPU."));
        }

        var metadata = b.GcMetadataBytes + b.SpanAndCacheBytes;
        if (Large(metadata, 0.05))
        {
            findings.Add(new Finding(
                "runtime-metadata",
                Severity.Warning,
                $"Runtime metadata takes {Bytes(metadata)} ({Pct(metadata)} {basisName}): GC metadata {Bytes(b.GcMetadataBytes)} and span structures {Bytes(b.SpanAndCacheBytes)}. " +
                "It grows with the heap's size and number of spans and stays sized for the largest heap seen; fewer, larger objects with fewer pointers reduce it."));
        }

        if (b.FragmentationRatio is { } fragmentation && fragmentation >= 0.25 && b.HeapFragmentationBytes >= Floor)
        {
            findings.Add(new Finding(
                "fragmentation",
                Severity.Warning,
                $"{fragmentation:P0} of in-use heap spans ({Bytes(b.HeapFragmentationBytes)}) is not occupied by objects (about 12% is normal for Go's size classes). " +
                "Long-lived objects scattered among short-lived ones pin half-empty spans; allocate long-lived data together or reuse it."));
        }

        if (Large(b.StackBytes, 0.10))
        {
            var count = evidence.Goroutines is { } goroutines ? string.Create(CultureInfo.InvariantCulture, $" for {goroutines} goroutines") : "";
            findings.Add(new Finding(
                "goroutine-stacks",
                Severity.Warning,
                $"Goroutine stacks take {Bytes(b.StackBytes)}{count} ({Pct(b.StackBytes)} {basisName}). Each goroutine holds at least 2 KiB and whatever it references; " +
                "a count that keeps growing is a goroutine leak (blocked on a channel nobody closes, a missing context cancel)."));
        }

        if (b.NonGoBytes is { } nonGo)
        {
            var anonymous = nonGo - (b.NonGoFileBytes ?? 0);
            if (Large(anonymous, 0.20))
            {
                findings.Add(new Finding(
                    "non-go-memory",
                    Severity.Warning,
                    $"{Bytes(anonymous)} ({Pct(anonymous)} {basisName}) of resident anonymous memory is outside the Go runtime: cgo/C allocations (C.malloc, C libraries), " +
                    "or memory mapped by other means. No Go profile can show it; look at cgo code and C libraries (valgrind/heaptrack on a test build, or malloc statistics)."));
            }
        }

        if (b.RuntimeOvercountBytes is { } overcount && (overcount >= 16L << 20 || (b.RssBytes is { } rssBytes && overcount >= rssBytes / 20)))
        {
            findings.Add(new Finding(
                "runtime-exceeds-rss",
                Severity.Info,
                $"The runtime counts {Bytes(overcount)} more than is resident: some memory it obtained (GC metadata and heap reserved for growth, free spans) was never touched or has been swapped out, " +
                "so it is in Sys but not in RSS, and the runtime's parts add up to more than 100% of RSS. The non-Go part is shown as 0."));
        }

        if (b.ProfileInuseBytes is { } profile)
        {
            var sampling = evidence.ProfileSamplingBytes is { } rate and > 0 ? $"one sample per {Bytes(rate)} allocated, scaled up" : "sampled allocations, scaled up";
            var liveNote = b.LiveHeapEstimateBytes is { } live
                ? $", close to the live heap of about {Bytes(live)}"
                : "";
            findings.Add(new Finding(
                "profile-vs-heap",
                Severity.Info,
                $"The heap profile shows {Bytes(profile)} in use{liveNote}: live objects as of the last completed GC ({sampling}). " +
                $"It leaves out garbage allocated since that GC (in HeapAlloc {Bytes(b.HeapAllocBytes)}, not in the profile), free and fragmented spans, stacks, runtime metadata and all non-Go memory; " +
                $"so pprof shows less than the runtime ({Bytes(b.GoResidentBytes)}) and less than RSS."));
        }

        return findings;
    }

}
