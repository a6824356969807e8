using System.Globalization;
using GoMem.Gc.Tuning;
using GoMem.Output.Text;

namespace GoMem.Output.Gc;

/// <summary>GC settings as they are pasted: GOMEMLIMIT and GOGC values the runtime accepts, and the Kubernetes env entries.</summary>
internal static class GcSettingsText
{
    /// <summary>A GOGC value: the whole percentage, or "off".</summary>
    public static string Gogc(double? gogc) => gogc is { } g ? g.ToString("0", CultureInfo.InvariantCulture) : "off";

    /// <summary>The env entries to add to the container, indented to sit under it.</summary>
    public static string KubernetesEnv(TuningAdvice a) =>
        "  env:\n" +
        "    - name: GOMEMLIMIT\n" +
        $"      value: \"{HumanText.GoSize(a.GoMemLimitBytes)}\"\n" +
        "    - name: GOGC\n" +
        $"      value: \"{Gogc(a.Gogc)}\"\n";
}
