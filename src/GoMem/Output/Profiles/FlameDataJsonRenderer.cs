using System.Text.Encodings.Web;
using System.Text.Json;
using GoMem.Profiles.Analysis;

namespace GoMem.Output.Profiles;

/// <summary>
/// Writes a <see cref="FlameGraph"/> in the form the shared flame graph code (<c>flame-graph.js</c>) draws: the tree
/// flat in pre-order, so neither this writer nor the page recurses. Per node: depth, name (index into a table of
/// distinct names), inline (0 none, 1 inline, 2 partial), weight, value, self, and base and new in a diff. The data
/// island of <c>gomem flame</c>'s page, and the flame graph of the dashboard's profile API.
/// </summary>
public static class FlameDataJsonRenderer
{
    public static void Write(Stream stream, FlameGraph graph)
    {
        // The default encoder (JavaScriptEncoder.Default) is what makes the data island safe: it escapes < > & quotes
        // and all non-ASCII, so no name can close the script element. Keep it.
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default });
        Write(json, graph);
        json.Flush();
    }

    public static void Write(Utf8JsonWriter json, FlameGraph graph)
    {
        json.WriteStartObject();
        json.WriteString("sampleType", graph.Summary.SampleType);
        json.WriteString("unit", graph.Summary.SampleUnit);
        json.WriteString("displayUnit", graph.DisplayUnit);
        json.WriteNumber("total", graph.Total);
        json.WriteBoolean("diff", graph.IsDiff);
        json.WriteNumber("stride", graph.IsDiff ? 8 : 6);

        var nameIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<(FlameNode Node, int Depth)>(graph.NodeCount);
        var pending = new Stack<(FlameNode Node, int Depth)>();
        pending.Push((graph.Root, 0));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            order.Add((node, depth));
            nameIndex.TryAdd(node.Name, nameIndex.Count);
            for (var c = node.Children.Count - 1; c >= 0; c--)
            {
                pending.Push((node.Children[c], depth + 1));
            }
        }

        json.WriteStartArray("names");
        foreach (var name in nameIndex.Keys)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteStartArray("nodes");
        foreach (var (node, depth) in order)
        {
            json.WriteNumberValue(depth);
            json.WriteNumberValue(nameIndex[node.Name]);
            json.WriteNumberValue((int)node.Inline);
            json.WriteNumberValue(node.Weight);
            json.WriteNumberValue(node.Value);
            json.WriteNumberValue(node.Self);
            if (graph.IsDiff)
            {
                json.WriteNumberValue(node.Base);
                json.WriteNumberValue(node.New);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
