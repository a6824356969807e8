using System.Globalization;
using System.Text.Json;
using GoMem.Gc.Tuning;
using GoMem.Output.Gc;
using GoMem.Output.Json;
using static GoMem.Output.Text.HumanText;

namespace GoMem.Output.Gc;

/// <summary><c>gomem gc tune</c>: the advice per container, with the lines to paste, for people and machines.</summary>
public static class TuneRenderers
{
    public static void WriteText(TextWriter w, IReadOnlyList<TuningAdvice> advice)
    {
        for (var i = 0; i < advice.Count; i++)
        {
            if (i > 0)
            {
                w.Write("\n" + new string('─', 72) + "\n\n");
            }

            Write(w, advice[i]);
        }
    }

    private static void Write(TextWriter w, TuningAdvice a)
    {
        var c = a.Container;
        w.Write($"{c.Name} ({c.Source})\n");
        var request = c.RequestBytes is { } r ? $", request {Bytes(r)}" : "";
        var current = c.EnvironmentKnown ? $"; now GOMEMLIMIT={c.GoMemLimit ?? "unset"}, GOGC={c.Gogc ?? "unset"}" : "";
        w.Write($"  limit {Bytes(c.LimitBytes ?? 0)}{request}{current}; goal: {a.Goal.ToString().ToLowerInvariant()}\n\n");
        w.Write("Recommended:\n");
        w.Write($"  GOMEMLIMIT={WhatIfRenderers.Limit(a.GoMemLimitBytes)}  — {a.GoMemLimitRule}\n");
        w.Write($"  GOGC={Gogc(a.Gogc)}  — {a.GogcRule}\n");
        w.Write($"  heap budget under GOMEMLIMIT: about {Bytes(a.HeapBudgetBytes)}\n");
        if (a.Candidates.Count > 0)
        {
            w.Write($"\nCandidates replayed on the trace, under GOMEMLIMIT={WhatIfRenderers.Limit(a.GoMemLimitBytes)}:\n");
            w.Write("  GOGC     GCs   peak heap   GC CPU   limit-steered\n");
            foreach (var candidate in a.Candidates)
            {
                var p = candidate.Prediction;
                var mark = candidate.Gogc == a.Gogc ? " ◀" : "";
                w.Write($"  {Gogc(candidate.Gogc),-5} {p.GcCount,6}  {Bytes((long)p.PeakHeapBytes),10}  {Percent(p.GcCpuFraction),7}   {p.LimitBoundCycles,6}{(p.LimiterCycles > 0 ? " (CPU limiter)" : "")}{mark}\n");
            }
        }

        if (a.Warnings.Count > 0)
        {
            w.Write("\nWarnings:\n");
            foreach (var warning in a.Warnings)
            {
                w.Write($"  {warning.Severity.ToUpperInvariant(),-8} [{warning.Code}] {warning.Message}\n");
            }
        }

        w.Write("\nEnvironment:\n");
        w.Write($"  GOMEMLIMIT={WhatIfRenderers.Limit(a.GoMemLimitBytes)}\n  GOGC={Gogc(a.Gogc)}\n");
        w.Write("\nGo, at the start of main (import \"runtime/debug\"):\n");
        w.Write($"  debug.SetMemoryLimit({GoBytes(a.GoMemLimitBytes)})\n  debug.SetGCPercent({(a.Gogc is { } g ? g.ToString("0", CultureInfo.InvariantCulture) : "-1")})\n");
        w.Write($"\nKubernetes{(c.ManifestPath is { } where ? $" ({where})" : "")}, in the container:\n");
        w.Write(YamlSnippet(a));
    }

    /// <summary>The env entries to add to the container, indented to sit under it.</summary>
    public static string YamlSnippet(TuningAdvice a) =>
        "  env:\n" +
        "    - name: GOMEMLIMIT\n" +
        $"      value: \"{WhatIfRenderers.Limit(a.GoMemLimitBytes)}\"\n" +
        "    - name: GOGC\n" +
        $"      value: \"{Gogc(a.Gogc)}\"\n";

    public static void WriteJson(Stream stream, IReadOnlyList<TuningAdvice> advice)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("containers");
        foreach (var a in advice)
        {
            var c = a.Container;
            json.WriteStartObject();
            json.WriteString("name", c.Name);
            json.WriteString("source", c.Source);
            json.WriteNumberOrNull("limitBytes", c.LimitBytes);
            json.WriteNumberOrNull("requestBytes", c.RequestBytes);
            json.WriteString("swap", c.Swap.ToString().ToLowerInvariant());
            json.WriteString("currentGomemlimit", c.GoMemLimit);
            json.WriteString("currentGogc", c.Gogc);
            json.WriteString("goal", a.Goal.ToString().ToLowerInvariant());
            json.WriteNumber("gomemlimitBytes", a.GoMemLimitBytes);
            json.WriteString("gomemlimit", WhatIfRenderers.Limit(a.GoMemLimitBytes));
            json.WriteString("gomemlimitRule", a.GoMemLimitRule);
            json.WriteString("gogc", Gogc(a.Gogc));
            json.WriteString("gogcRule", a.GogcRule);
            json.WriteNumber("heapBudgetBytes", a.HeapBudgetBytes);
            json.WriteStartArray("candidates");
            foreach (var candidate in a.Candidates)
            {
                json.WriteStartObject();
                json.WriteString("gogc", Gogc(candidate.Gogc));
                json.WriteNumber("gcCount", candidate.Prediction.GcCount);
                json.WriteNumber("peakHeapBytes", Math.Round(candidate.Prediction.PeakHeapBytes));
                json.WriteNumber("gcCpuFraction", candidate.Prediction.GcCpuFraction);
                json.WriteNumber("limitBoundCycles", candidate.Prediction.LimitBoundCycles);
                json.WriteNumber("cpuLimiterCycles", candidate.Prediction.LimiterCycles);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("warnings");
            foreach (var warning in a.Warnings)
            {
                json.WriteStartObject();
                json.WriteString("severity", warning.Severity);
                json.WriteString("code", warning.Code);
                json.WriteString("message", warning.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("env");
            json.WriteStringValue($"GOMEMLIMIT={WhatIfRenderers.Limit(a.GoMemLimitBytes)}");
            json.WriteStringValue($"GOGC={Gogc(a.Gogc)}");
            json.WriteEndArray();
            json.WriteString("kubernetesEnvYaml", YamlSnippet(a));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Gogc(double? gogc) => gogc is { } g ? g.ToString("0", CultureInfo.InvariantCulture) : "off";

    /// <summary>A byte count as Go source: shifts for whole MiB or GiB, so the number reads at a glance.</summary>
    private static string GoBytes(long bytes) => bytes % (1L << 30) == 0 ? $"{bytes >> 30} << 30" : bytes % (1L << 20) == 0 ? $"{bytes >> 20} << 20" : bytes.ToString(CultureInfo.InvariantCulture);
}
