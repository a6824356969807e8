using System.Text.Json;
using GoMem.Output.Json;
using GoMem.Profiles.Analysis;

namespace GoMem.Output.Profiles;

/// <summary>
/// Writes a <see cref="FlameGraph"/> as one nested JSON tree (<c>gomem flame --format json</c>): raw integer values in
/// the profile's unit; base and new on every node of a diff. Compact, since trees get deep.
/// </summary>
public static class FlameJsonRenderer
{
    public static void Write(Stream stream, FlameGraph graph)
    {
        // Depth is bounded by the profile's stacks, not by the writer's default of 1000.
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { MaxDepth = int.MaxValue });
        json.WriteStartObject();
        JsonFields.WriteSummary(json, graph.Summary);
        json.WriteNumber("total", graph.Total);
        json.WriteBoolean("diff", graph.IsDiff);
        json.WriteStringArray("filters", graph.ActiveFilters);
        json.WritePropertyName("root");
        WriteTree(json, graph.Root, graph.IsDiff);
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>Depth-first with an explicit stack: a profile's stacks may be deeper than the call stack allows.</summary>
    private static void WriteTree(Utf8JsonWriter json, FlameNode root, bool diff)
    {
        var pending = new Stack<(FlameNode Node, int Next)>();
        WriteOpen(json, root, diff);
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (node, next) = pending.Pop();
            if (next == node.Children.Count)
            {
                json.WriteEndArray();
                json.WriteEndObject();
                continue;
            }

            pending.Push((node, next + 1));
            var child = node.Children[next];
            WriteOpen(json, child, diff);
            pending.Push((child, 0));
        }
    }

    private static void WriteOpen(Utf8JsonWriter json, FlameNode node, bool diff)
    {
        json.WriteStartObject();
        json.WriteString("name", node.Name);
        if (node.Inline != InlineMark.None)
        {
            json.WriteString("inline", node.Inline == InlineMark.Inline ? "inline" : "partial-inline");
        }

        json.WriteNumber("value", node.Value);
        json.WriteNumber("self", node.Self);
        if (diff)
        {
            json.WriteNumber("base", node.Base);
            json.WriteNumber("new", node.New);
        }

        if (node.Pruned != 0)
        {
            json.WriteNumber("pruned", node.Pruned);
        }

        json.WriteStartArray("children");
    }
}
