using System.Text.Json;
using GoMem.Dashboard;

namespace GoMem.Output.Dashboard;

/// <summary><c>gomem serve --format json</c>'s one line: the page's address (with its token), the API's, and the store, for a script to read.</summary>
public static class DashboardAddressJsonRenderer
{
    public static void Write(Stream stream, DashboardAddress address)
    {
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("url", address.Url.ToString());
        json.WriteString("api", new Uri(address.Url, "/api/").ToString());
        json.WriteString("store", address.Store);
        json.WriteBoolean("tokenRequired", address.TokenRequired);
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
