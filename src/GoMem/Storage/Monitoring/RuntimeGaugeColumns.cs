using System.Data.Common;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// Some gauges of a target's runtime samples as columns, oldest sample first (<see cref="IMonitoringStore.RuntimeGauges"/>):
/// one time per sample, and per gauge asked for, in that order, one value per sample (null where the sample lacks
/// it), the values <see cref="RuntimeSeriesFigures.Figure{TKey}.Value"/> gives of the same samples. What a chart
/// reads, without the sample's other figures.
/// </summary>
public sealed record RuntimeGaugeColumns(IReadOnlyList<RuntimeGauge> Gauges, IReadOnlyList<DateTimeOffset> Times, IReadOnlyList<IReadOnlyList<double?>> Values)
{
    /// <summary>The columns a query selects for <paramref name="gauges"/>: the time, then each gauge's, as <see cref="Read"/> reads them.</summary>
    internal static string Columns(IReadOnlyList<RuntimeGauge> gauges) =>
        "time_unix_ms" + string.Concat(gauges.Select(g => ", " + RuntimeSeriesFigures.Gauges[(int)g].Column));

    /// <summary>Every row of <paramref name="command"/>, which selects <see cref="Columns"/>.</summary>
    internal static RuntimeGaugeColumns Read(DbCommand command, IReadOnlyList<RuntimeGauge> gauges)
    {
        var whole = gauges.Select(g => RuntimeSeriesFigures.Gauges[(int)g].IsWhole).ToArray();
        var times = new List<DateTimeOffset>();
        var values = gauges.Select(_ => new List<double?>()).ToArray();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            times.Add(MonitoringRows.Time(reader, 0));
            for (var g = 0; g < values.Length; g++)
            {
                var column = g + 1;
                if (reader.IsDBNull(column))
                {
                    values[g].Add(null);
                }
                else
                {
                    var value = whole[g] ? reader.GetInt64(column) : reader.GetDouble(column);
                    values[g].Add(double.IsNaN(value) ? null : value);
                }
            }
        }

        return new RuntimeGaugeColumns(gauges, times, values);
    }
}
