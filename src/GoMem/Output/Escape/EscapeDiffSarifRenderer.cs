using System.Text.Json;
using GoMem.Escape;
using GoMem.Escape.Analysis;
using GoMem.Output.Json;

namespace GoMem.Output.Escape;

/// <summary>
/// The diff as SARIF 2.1.0 for code scanning: one result per new escape (rule GOMEM-ESC001) and per lost inlining
/// (GOMEM-ESC002), located at NEW's file, line and column relative to the source root (uriBaseId %SRCROOT%).
/// Fixed escapes are not results: code scanning closes alerts that no longer appear.
/// </summary>
public static class EscapeDiffSarifRenderer
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    private static readonly (string Id, string Name, EscapeChangeKind Kind, string Short, string Full)[] Rules =
    [
        ("GOMEM-ESC001", "NewHeapEscape", EscapeChangeKind.NewEscape, "A value now escapes to the heap", "The Go compiler's escape analysis (go build -gcflags='-m -m') reports a heap allocation or leaking parameter that the base build did not have. Each heap escape costs an allocation and GC work."),
        ("GOMEM-ESC002", "LostInlining", EscapeChangeKind.LostInline, "A function can no longer be inlined", "The Go compiler could inline this function in the base build and cannot any more (its cost grew past the budget, or it gained a construct the inliner refuses)."),
    ];

    public static void Write(Stream stream, EscapeDiff d, string sourceRoot = "", string toolVersion = "0.0.0")
    {
        using var json = new Utf8JsonWriter(stream, EscapeJson.Options);
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "gomem");
        json.WriteString("version", toolVersion);
        json.WriteStartArray("rules");
        foreach (var rule in Rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", rule.Name);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule.Short);
            json.WriteEndObject();
            json.WriteStartObject("fullDescription");
            json.WriteString("text", rule.Full);
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", "warning");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject("%SRCROOT%");
        json.WriteStartObject("description");
        json.WriteString("text", "The directory the compiler ran in (its positions are relative to it).");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("results");
        foreach (var c in d.Changes)
        {
            var ruleIndex = Array.FindIndex(Rules, r => r.Kind == c.Kind);
            if (ruleIndex < 0)
            {
                continue;
            }

            var f = c.New!.Finding;
            json.WriteStartObject();
            json.WriteString("ruleId", Rules[ruleIndex].Id);
            json.WriteNumber("ruleIndex", ruleIndex);
            json.WriteString("level", "warning");
            json.WriteStartObject("message");
            json.WriteString("text", EscapeDiffText.Message(c));
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", Uri(sourceRoot + f.File));
            json.WriteString("uriBaseId", "%SRCROOT%");
            json.WriteEndObject();
            json.WriteStartObject("region");
            json.WriteNumber("startLine", Math.Max(1, f.Line));
            if (f.Column > 0)
            {
                json.WriteNumber("startColumn", f.Column);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            if (f.Function.Length > 0)
            {
                json.WriteStartArray("logicalLocations");
                json.WriteStartObject();
                json.WriteString("fullyQualifiedName", f.Package.Length > 0 ? f.Package + "." + f.Function : f.Function);
                json.WriteString("kind", "function");
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("partialFingerprints");
            json.WriteString("gomemEscapeKey/v1", $"{f.Package}|{f.Function}|{EscapeKinds.Name(f.Kind)}|{f.Name}");
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("kind", EscapeKinds.Name(f.Kind));
            json.WriteString("name", f.Name);
            json.WriteStringArray("reason", f.Reason);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A relative URI reference: forward slashes, each segment percent-encoded (spaces, '%', '#', '?').</summary>
    private static string Uri(string path) =>
        string.Join('/', path.Replace('\\', '/').Split('/').Select(System.Uri.EscapeDataString));
}
