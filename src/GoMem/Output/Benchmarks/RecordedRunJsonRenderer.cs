using System.Text.Json;
using GoMem.Storage;

namespace GoMem.Output.Benchmarks;

/// <summary><c>gomem bench record --format json</c>: the run's id, counts, commit, branch, time and source file.</summary>
public static class RecordedRunJsonRenderer
{
    public static void Write(Stream stream, RecordedRun recorded)
    {
        var run = recorded.Run;
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("run", run.Id);
        json.WriteNumber("results", recorded.Results);
        json.WriteNumber("values", recorded.Values);
        json.WriteString("commit", run.Commit);
        json.WriteString("branch", run.Branch);
        json.WriteString("time", RecordedRunTextRenderer.Stamp(run));
        json.WriteString("source", run.Source);
        json.WriteEndObject();
    }
}
