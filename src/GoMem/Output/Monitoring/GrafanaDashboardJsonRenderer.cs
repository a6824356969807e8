using System.Text.Encodings.Web;
using System.Text.Json;
using GoMem.Monitoring.Exports;
using GoMem.Output.Json;

namespace GoMem.Output.Monitoring;

/// <summary>
/// <c>gomem export grafana</c>: the dashboard as Grafana's JSON model (schema version 39, Grafana 10 and later import
/// it; older ones migrate it): a data source variable every panel and variable query uses, multi-value job and instance
/// variables, rows of time-series panels two to a line, and the annotations.
/// </summary>
public static class GrafanaDashboardJsonRenderer
{
    private const int PanelWidth = 12;
    private const int PanelHeight = 8;

    public static void Write(Stream stream, GrafanaDashboardModel dashboard)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("title", dashboard.Title);
        json.WriteString("uid", dashboard.Uid);
        json.WriteString("description", "Go memory of the services gomem watch collects and Prometheus scrapes: RSS against the limit, heap, goroutines, GC, leak findings, and the collector's health. Written by gomem export grafana.");
        json.WriteStringArray("tags", ["gomem", "go", "memory"]);
        json.WriteNumber("schemaVersion", 39);
        json.WriteNumber("version", 1);
        json.WriteBoolean("editable", true);
        json.WriteString("refresh", "30s");
        json.WriteStartObject("time");
        json.WriteString("from", "now-6h");
        json.WriteString("to", "now");
        json.WriteEndObject();
        Annotations(json, dashboard.Annotations);
        Variables(json);
        json.WriteStartArray("panels");
        var id = 1;
        var y = 0;
        foreach (var row in dashboard.Rows)
        {
            json.WriteStartObject();
            json.WriteNumber("id", id++);
            json.WriteString("type", "row");
            json.WriteString("title", row.Title);
            json.WriteBoolean("collapsed", false);
            GridPos(json, 0, y, 24, 1);
            json.WriteStartArray("panels");
            json.WriteEndArray();
            json.WriteEndObject();
            y++;
            for (var i = 0; i < row.Panels.Count; i++)
            {
                Panel(json, row.Panels[i], id++, (i % 2) * PanelWidth, y + (i / 2 * PanelHeight));
            }

            y += (row.Panels.Count + 1) / 2 * PanelHeight;
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Panel(Utf8JsonWriter json, GrafanaPanel panel, int id, int x, int y)
    {
        json.WriteStartObject();
        json.WriteNumber("id", id);
        json.WriteString("type", "timeseries");
        json.WriteString("title", panel.Title);
        json.WriteString("description", panel.Description);
        DataSource(json);
        GridPos(json, x, y, PanelWidth, PanelHeight);
        json.WriteStartObject("fieldConfig");
        json.WriteStartObject("defaults");
        json.WriteString("unit", panel.Unit);
        json.WriteEndObject();
        json.WriteStartArray("overrides");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("options");
        json.WriteStartObject("legend");
        json.WriteString("displayMode", "list");
        json.WriteString("placement", "bottom");
        json.WriteBoolean("showLegend", true);
        json.WriteEndObject();
        json.WriteStartObject("tooltip");
        json.WriteString("mode", "multi");
        json.WriteString("sort", "desc");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("targets");
        for (var i = 0; i < panel.Queries.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString("refId", ((char)('A' + i)).ToString());
            DataSource(json);
            json.WriteString("expr", panel.Queries[i].Expr);
            json.WriteString("legendFormat", panel.Queries[i].Legend);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Annotations(Utf8JsonWriter json, IReadOnlyList<GrafanaAnnotation> annotations)
    {
        json.WriteStartObject("annotations");
        json.WriteStartArray("list");

        // Grafana's own (annotations made by hand and Grafana-managed alerts), as every new dashboard has it.
        json.WriteStartObject();
        json.WriteString("name", "Annotations & Alerts");
        json.WriteNumber("builtIn", 1);
        json.WriteStartObject("datasource");
        json.WriteString("type", "grafana");
        json.WriteString("uid", "-- Grafana --");
        json.WriteEndObject();
        json.WriteBoolean("enable", true);
        json.WriteBoolean("hide", true);
        json.WriteString("iconColor", "rgba(0, 211, 255, 1)");
        json.WriteString("type", "dashboard");
        json.WriteEndObject();
        foreach (var annotation in annotations)
        {
            json.WriteStartObject();
            json.WriteString("name", annotation.Name);
            DataSource(json);
            json.WriteBoolean("enable", true);
            json.WriteString("iconColor", annotation.Color);
            json.WriteString("expr", annotation.Expr);
            json.WriteString("step", "60s");
            json.WriteString("titleFormat", annotation.TitleFormat);
            json.WriteString("tagKeys", annotation.TagKeys);
            json.WriteBoolean("useValueForTime", false);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Variables(Utf8JsonWriter json)
    {
        json.WriteStartObject("templating");
        json.WriteStartArray("list");
        json.WriteStartObject();
        json.WriteString("name", "datasource");
        json.WriteString("label", "Data source");
        json.WriteString("type", "datasource");
        json.WriteString("query", "prometheus");
        json.WriteNumber("refresh", 1);
        json.WriteString("regex", "");
        json.WriteNumber("hide", 0);
        json.WriteEndObject();
        Variable(json, "job", "Job", $"label_values({GrafanaDashboardModel.VariableSeries}, job)");
        Variable(json, "instance", "Instance", $"label_values({GrafanaDashboardModel.VariableSeries[..^1]}, job=~\"$job\"}}, instance)");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A multi-value query variable whose "All" matches any value (<c>.+</c>), refreshed when the time range changes.</summary>
    private static void Variable(Utf8JsonWriter json, string name, string label, string query)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("label", label);
        json.WriteString("type", "query");
        DataSource(json);
        json.WriteString("definition", query);
        json.WriteStartObject("query");
        json.WriteString("query", query);
        json.WriteString("refId", "PrometheusVariableQueryEditor-VariableQuery");
        json.WriteEndObject();
        json.WriteNumber("refresh", 2);
        json.WriteBoolean("multi", true);
        json.WriteBoolean("includeAll", true);
        json.WriteString("allValue", ".+");
        json.WriteNumber("sort", 1);
        json.WriteString("regex", "");
        json.WriteNumber("hide", 0);
        json.WriteEndObject();
    }

    private static void DataSource(Utf8JsonWriter json)
    {
        json.WriteStartObject("datasource");
        json.WriteString("type", "prometheus");
        json.WriteString("uid", "${datasource}");
        json.WriteEndObject();
    }

    private static void GridPos(Utf8JsonWriter json, int x, int y, int w, int h)
    {
        json.WriteStartObject("gridPos");
        json.WriteNumber("h", h);
        json.WriteNumber("w", w);
        json.WriteNumber("x", x);
        json.WriteNumber("y", y);
        json.WriteEndObject();
    }
}
