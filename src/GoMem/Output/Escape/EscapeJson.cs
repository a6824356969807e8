using System.Text.Encodings.Web;
using System.Text.Json;

namespace GoMem.Output.Escape;

/// <summary>Writer options of the escape JSON and SARIF outputs: indented, and Go expressions kept readable ("p" not \u0022p\u0022).</summary>
internal static class EscapeJson
{
    public static JsonWriterOptions Options { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
