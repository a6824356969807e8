using System.Globalization;
using GoMem.Gc.Tuning;

namespace GoMem.Output.Gc;

/// <summary>GC settings as they are pasted: GOMEMLIMIT and GOGC values the runtime accepts, and the Kubernetes env entries.</summary>
internal static class GcSettingsText
{
    /// <summary>A limit as GOMEMLIMIT accepts it: the largest whole binary unit.</summary>
    public static string Limit(long bytes) => bytes switch
    {
        _ when bytes % (1L << 30) == 0 => $"{bytes >> 30}GiB",
        _ when bytes % (1L << 20) == 0 => $"{bytes >> 20}MiB",
        _ when bytes % (1L << 10) == 0 => $"{bytes >> 10}KiB",
        _ => $"{bytes}B",
    };

    /// <summary>A GOGC value: the whole percentage, or "off".</summary>
    public static string Gogc(double? gogc) => gogc is { } g ? g.ToString("0", CultureInfo.InvariantCulture) : "off";

    /// <summary>The env entries to add to the container, indented to sit under it.</summary>
    public static string KubernetesEnv(TuningAdvice a) =>
        "  env:\n" +
        "    - name: GOMEMLIMIT\n" +
        $"      value: \"{Limit(a.GoMemLimitBytes)}\"\n" +
        "    - name: GOGC\n" +
        $"      value: \"{Gogc(a.Gogc)}\"\n";
}
