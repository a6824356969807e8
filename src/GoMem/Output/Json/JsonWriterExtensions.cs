using System.Text.Json;

namespace GoMem.Output.Json;

/// <summary>The small property writers every JSON renderer needs, so each report spells absent values the same way.</summary>
internal static class JsonWriterExtensions
{
    /// <summary>The number, or null when there is none (a NaN or infinity throws, as WriteNumber does).</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>The number, or null when there is none.</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>The number, or null when there is none or it is NaN or infinite (which JSON cannot spell).</summary>
    public static void WriteFiniteNumberOrNull(this Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>An array of strings, in the order given.</summary>
    public static void WriteStringArray(this Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
