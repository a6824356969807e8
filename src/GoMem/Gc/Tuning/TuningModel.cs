using GoMem.Findings;
using GoMem.Gc.WhatIf;

namespace GoMem.Gc.Tuning;

/// <summary>What the settings should optimise for.</summary>
public enum TuningGoal
{
    General,
    Latency,
    Throughput,
    Batch,
}

/// <summary>
/// What was measured about the program: its runtime memory outside the heap (MemStats Sys − HeapSys, or the
/// trace's stacks and globals), memory outside the Go runtime's accounting (RSS − (Sys − HeapReleased)), its live
/// heap, and the trace to replay candidates on.
/// </summary>
public sealed record TuningEvidence(
    long? RuntimeNonHeapBytes,
    string? RuntimeNonHeapSource,
    long? NonGoBytes,
    long? LiveHeapBytes,
    string? LiveHeapSource,
    Model.GcTrace? Trace,
    int? GoMinor = null);

/// <summary>A candidate GOGC under the recommended GOMEMLIMIT, as the what-if predicts it.</summary>
public sealed record TuningCandidate(double? Gogc, SimulationResult Prediction);

/// <summary>The advice for one container.</summary>
public sealed record TuningAdvice(
    ContainerLimits Container,
    TuningGoal Goal,
    long GoMemLimitBytes,
    string GoMemLimitRule,
    double? Gogc,
    string GogcRule,
    long HeapBudgetBytes,
    IReadOnlyList<TuningCandidate> Candidates,
    IReadOnlyList<Finding> Warnings);
