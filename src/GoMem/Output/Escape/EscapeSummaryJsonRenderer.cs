using System.Text.Json;
using GoMem.Escape.Analysis;

namespace GoMem.Output.Escape;

/// <summary>Writes an <see cref="EscapeSummary"/> as JSON: totals, functions grouped worst first, and every finding.</summary>
public static class EscapeSummaryJsonRenderer
{
    public static void Write(Stream stream, EscapeSummary s)
    {
        using var json = new Utf8JsonWriter(stream, EscapeJson.Options);
        json.WriteStartObject();
        json.WriteString("log", EscapeText.DisplayName(s.Source));
        json.WriteString("format", s.IsJsonLog ? "compiler-json" : "text");
        json.WriteNumber("detailLevel", s.DetailLevel);
        json.WriteNumber("lines", s.LineCount);
        json.WriteNumber("unknownLines", s.UnknownLineCount);
        json.WriteStartArray("unknownSamples");
        foreach (var u in s.UnknownSamples)
        {
            json.WriteStartObject();
            json.WriteNumber("line", u.LineNumber);
            json.WriteString("text", u.Text);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        var t = s.Totals;
        json.WriteStartObject("totals");
        json.WriteNumber("findings", t.Findings);
        json.WriteNumber("movedToHeap", t.MovedToHeap);
        json.WriteNumber("escapes", t.Escapes);
        json.WriteNumber("leakingParams", t.LeakingParams);
        json.WriteNumber("doesNotEscape", t.DoesNotEscape);
        json.WriteNumber("canInline", t.CanInline);
        json.WriteNumber("cannotInline", t.CannotInline);
        json.WriteNumber("inliningCalls", t.InliningCalls);
        json.WriteNumber("devirtualized", t.Devirtualized);
        json.WriteEndObject();
        json.WriteStartArray("packages");
        foreach (var p in s.Packages)
        {
            json.WriteStartObject();
            json.WriteString("package", p.Package);
            json.WriteNumber("heapAllocations", p.HeapAllocations);
            json.WriteNumber("leakingParams", p.LeakingParams);
            json.WriteStartArray("files");
            foreach (var file in p.Files)
            {
                json.WriteStartObject();
                json.WriteString("file", file.File);
                json.WriteNumber("heapAllocations", file.HeapAllocations);
                json.WriteNumber("leakingParams", file.LeakingParams);
                json.WriteStartArray("functions");
                foreach (var f in file.Functions)
                {
                    json.WriteStartObject();
                    json.WriteString("function", f.Function);
                    json.WriteNumber("movedToHeap", f.MovedToHeap);
                    json.WriteNumber("escapes", f.Escapes);
                    json.WriteNumber("leakingParams", f.LeakingParams);
                    if (f.Inlinable is { } inlinable)
                    {
                        json.WriteBoolean("inlinable", inlinable);
                    }
                    else
                    {
                        json.WriteNull("inlinable");
                    }

                    if (f.InlineCost is { } cost)
                    {
                        json.WriteNumber("inlineCost", cost);
                    }

                    if (f.CannotInlineReason is { } reason)
                    {
                        json.WriteString("cannotInlineReason", reason);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("findings");
        foreach (var e in s.Findings)
        {
            EscapeFindingJson.Write(json, e);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
