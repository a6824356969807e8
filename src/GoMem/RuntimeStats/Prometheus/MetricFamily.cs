namespace GoMem.RuntimeStats.Prometheus;

/// <summary>
/// A metric family: the samples sharing one <c># TYPE</c>/<c># HELP</c> (a histogram's <c>_bucket</c>, <c>_sum</c>,
/// <c>_count</c> and <c>_created</c> lines all belong to it). Families without metadata are <see cref="MetricType.Untyped"/>.
/// </summary>
public sealed record MetricFamily(string Name, MetricType Type, string? Help, string? Unit, IReadOnlyList<MetricSample> Samples);
