using System.Text.Json;

namespace GoMem.RuntimeStats.Expvar;

/// <summary>
/// A <c>/debug/vars</c> page: the two variables the standard library publishes (<c>memstats</c>, <c>cmdline</c>)
/// decoded, and every other variable the program published kept as raw JSON, in document order.
/// </summary>
public sealed record ExpvarDocument(
    string Source,
    MemStats? MemStats,
    IReadOnlyList<string>? Cmdline,
    IReadOnlyList<KeyValuePair<string, JsonElement>> OtherVariables)
{
    /// <summary>A variable other than memstats and cmdline, by name; the element is detached from any document.</summary>
    public JsonElement? Find(string name)
    {
        foreach (var (key, value) in OtherVariables)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }
}
