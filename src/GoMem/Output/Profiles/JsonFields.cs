using System.Text.Json;
using GoMem.Profiles.Analysis;

namespace GoMem.Output.Profiles;

/// <summary>Fields shared by the JSON outputs of profile reports.</summary>
internal static class JsonFields
{
    public static void WriteSummary(Utf8JsonWriter json, ProfileSummary summary)
    {
        json.WriteString("sampleType", summary.SampleType);
        json.WriteString("unit", summary.SampleUnit);
        if (summary.BinaryFile.Length > 0)
        {
            json.WriteString("binary", summary.BinaryFile);
        }

        if (summary.TimeNanos != 0)
        {
            json.WriteString("time", DateTimeOffset.UnixEpoch.AddTicks(summary.TimeNanos / 100).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (summary.DurationNanos != 0)
        {
            json.WriteNumber("durationSeconds", summary.DurationNanos / 1e9);
        }
    }

    /// <summary>|value| as a percentage of |total|, as pprof computes its columns; 0 when the total is 0.</summary>
    public static double Percent(long value, long total) => total == 0 ? 0 : Math.Abs((double)value / total) * 100;
}
