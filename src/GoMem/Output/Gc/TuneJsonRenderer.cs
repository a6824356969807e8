using System.Text.Json;
using GoMem.Findings;
using GoMem.Gc.Tuning;
using GoMem.Output.Json;
using static GoMem.Output.Gc.GcSettingsText;
using GoMem.Output.Text;

namespace GoMem.Output.Gc;

/// <summary><c>gomem gc tune</c> for machines: per container the advice, the candidates replayed, warnings and the lines to paste.</summary>
public static class TuneJsonRenderer
{
    public static void Write(Stream stream, IReadOnlyList<TuningAdvice> advice)
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
            json.WriteString("gomemlimit", HumanText.GoSize(a.GoMemLimitBytes));
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
                json.WriteString("severity", warning.Severity.Name());
                json.WriteString("code", warning.Code);
                json.WriteString("message", warning.Title);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("env");
            json.WriteStringValue($"GOMEMLIMIT={HumanText.GoSize(a.GoMemLimitBytes)}");
            json.WriteStringValue($"GOGC={Gogc(a.Gogc)}");
            json.WriteEndArray();
            json.WriteString("kubernetesEnvYaml", KubernetesEnv(a));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
