using System.Text.Json;
using GoMem.Goroutines;

namespace GoMem.Output.Goroutines;

/// <summary>A stack frame in JSON, the same in the goroutine and leak outputs.</summary>
internal static class GoroutineFrameJson
{
    public static void Write(Utf8JsonWriter json, GoroutineFrame frame)
    {
        json.WriteStartObject();
        json.WriteString("function", frame.Function);
        json.WriteString("file", frame.File);
        json.WriteNumber("line", frame.Line);
        json.WriteEndObject();
    }
}
