using System.Text.Json;
using GoMem.Escape;
using GoMem.Escape.Analysis;
using GoMem.Output.Json;

namespace GoMem.Output.Escape;

/// <summary>One finding in the JSON shape the README documents, the same in summary, diff and hot: kind, package, file, line, column, function, name, reason[] (+ detail, cause, explanation).</summary>
internal static class EscapeFindingJson
{
    public static void Write(Utf8JsonWriter json, ExplainedFinding e)
    {
        var f = e.Finding;
        json.WriteStartObject();
        json.WriteString("kind", EscapeKinds.Name(f.Kind));
        json.WriteString("package", f.Package);
        json.WriteString("file", f.File);
        json.WriteNumber("line", f.Line);
        json.WriteNumber("column", f.Column);
        json.WriteString("function", f.Function);
        json.WriteString("name", f.Name);
        if (f.Detail.Length > 0)
        {
            json.WriteString("detail", f.Detail);
        }

        if (f.Cost is { } cost)
        {
            json.WriteNumber("cost", cost);
        }

        json.WriteString("cause", EscapeCauses.Name(e.Cause));
        json.WriteString("explanation", e.Explanation);
        json.WriteStringArray("reason", f.Reason);
        json.WriteEndObject();
    }
}
