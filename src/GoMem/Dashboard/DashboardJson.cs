using System.Text.Json;

namespace GoMem.Dashboard;

/// <summary>How the API writes its views: JSON's web defaults (camelCase names, times in ISO 8601), the same for every view.</summary>
public static class DashboardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
