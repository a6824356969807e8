using System.Text.Json;
using System.Text.Json.Serialization;

namespace GoMem.Dashboard;

/// <summary>How the API writes its views: JSON's web defaults (camelCase names, times in ISO 8601), the same for every view.</summary>
public static class DashboardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { TypeInfoResolver = DashboardJsonContext.Default };
}

/// <summary>The views' serializers, generated at build time (no reflection: the native build serves the same JSON).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FleetOverview))]
[JsonSerializable(typeof(SeriesView))]
[JsonSerializable(typeof(TargetFindings))]
[JsonSerializable(typeof(GoroutineGroupsView))]
[JsonSerializable(typeof(ApiError))]
// The OpenAPI document describes every parameter through these options: the overview's repeatable label= is a string[].
[JsonSerializable(typeof(string[]))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
