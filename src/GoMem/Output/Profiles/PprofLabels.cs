using System.Globalization;
using GoMem.Output.Text;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;

namespace GoMem.Output.Profiles;

/// <summary>The header lines pprof prints above its reports (File, Build ID, comments, Type, Time, Duration).</summary>
public static class PprofLabels
{
    public static List<string> For(ProfileSummary summary, long total, string outputUnit, TimeZoneInfo zone)
    {
        var labels = new List<string>();
        if (summary.BinaryFile.Length > 0)
        {
            labels.Add("File: " + GoPathBase(summary.BinaryFile));
        }

        if (summary.BuildId.Length > 0)
        {
            labels.Add("Build ID: " + summary.BuildId);
        }

        foreach (var comment in summary.Comments)
        {
            if (!comment.StartsWith('#'))
            {
                labels.Add(comment);
            }
        }

        if (summary.SampleType.Length > 0)
        {
            labels.Add("Type: " + summary.SampleType);
        }
        if (summary.DocUrl.Length > 0)
        {
            labels.Add("Doc: " + summary.DocUrl);
        }

        if (summary.TimeNanos != 0)
        {
            labels.Add("Time: " + FormatTime(summary.TimeNanos, zone));
        }

        if (summary.DurationNanos != 0)
        {
            var duration = PprofText.ScaledLabel(SampleUnits.Scale(summary.DurationNanos, "nanoseconds", "auto"));
            var (totalNanos, totalUnit) = SampleUnits.Scale(total, summary.SampleUnit, "nanoseconds");
            var ratio = totalUnit == "ns" && totalNanos != 0 ? "(" + PprofText.Percentage((long)totalNanos, summary.DurationNanos) + ")" : "";
            labels.Add($"Duration: {duration}, Total samples = {PprofText.ScaledLabel(SampleUnits.Scale(total, summary.SampleUnit, outputUnit))} {ratio}");
        }

        return labels;
    }

    /// <summary>Current pprof's layout "2006-01-02 15:04:05 MST" (Go 1.19's pprof printed "Jan 2, 2006 at 3:04pm (MST)").</summary>
    public static string FormatTime(long unixNanos, TimeZoneInfo zone)
    {
        var utc = DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100);
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        var name = local.Offset == TimeSpan.Zero && (zone == TimeZoneInfo.Utc || zone.Id is "UTC" or "Etc/UTC")
            ? "UTC"
            : (local.Offset < TimeSpan.Zero ? "-" : "+") + local.Offset.ToString("hhmm", CultureInfo.InvariantCulture);
        return local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + name;
    }

    private static string GoPathBase(string path)
    {
        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return trimmed.Length == 0 ? "/" : slash >= 0 ? trimmed[(slash + 1)..] : trimmed;
    }
}
