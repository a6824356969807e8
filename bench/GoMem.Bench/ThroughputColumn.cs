using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace GoMem.Bench;

/// <summary>Marks a benchmark that handles the whole uncompressed profile once per operation.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ThroughputAttribute : Attribute;

/// <summary>
/// "MB/s": uncompressed protobuf bytes per second (10^6 bytes), from the mean, for [Throughput] benchmarks.
/// For a gzip input it is still the inflated size, so raw and gzip rows compare directly.
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Uncompressed profile.proto bytes decoded per second, in MB (10^6 bytes), from the mean";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(Applies);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (!Applies(benchmarkCase))
        {
            return "-";
        }

        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (mean is not > 0 || benchmarkCase.Parameters["Profile"] is not BenchProfile profile)
        {
            return "NA";
        }

        var bytes = BenchInputs.Load(profile).Raw.Length;
        var megabytesPerSecond = bytes / (mean.Value / 1e9) / 1e6;
        return megabytesPerSecond.ToString("N1", style?.CultureInfo ?? CultureInfo.InvariantCulture);
    }

    private static bool Applies(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<ThroughputAttribute>() is not null;

    public override string ToString() => ColumnName;
}
