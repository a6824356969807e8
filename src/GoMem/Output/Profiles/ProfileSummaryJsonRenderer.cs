using System.Text.Json;
using GoMem.Profiles;

namespace GoMem.Output.Profiles;

/// <summary><c>gomem export profile --format json</c>: what the exported profile holds, for scripts that check it.</summary>
public static class ProfileSummaryJsonRenderer
{
    public static void Write(Stream stream, Profile profile)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("source", profile.Source);
        if (profile.Header.TimeNanos > 0)
        {
            json.WriteString("time", DateTimeOffset.UnixEpoch.AddTicks(profile.Header.TimeNanos / 100));
        }

        json.WriteStartArray("sampleTypes");
        for (var i = 0; i < profile.SampleTypes.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString("type", profile.SampleTypes[i].Type);
            json.WriteString("unit", profile.SampleTypes[i].Unit);
            json.WriteNumber("total", profile.AbsoluteTotal(i));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("samples", profile.SampleCount);
        json.WriteNumber("locations", profile.Locations.Count);
        json.WriteNumber("functions", profile.Functions.Count);
        json.WriteEndObject();
    }
}
