using System.Globalization;
using System.Text.Json;

namespace GoMem.Monitoring.Alerting.Delivery;

/// <summary>
/// The JSON pieces every sink writes alike: times as Alertmanager writes them (RFC 3339 in UTC, <c>Z</c>, no trailing
/// zeros), label and annotation maps, the state's word, the <c>generatorURL</c> and Alertmanager's fingerprint.
/// </summary>
public static class AlertJson
{
    /// <summary>Alertmanager's webhook payload gives a firing alert this <c>endsAt</c> (Go's zero time).</summary>
    public const string ZeroTime = "0001-01-01T00:00:00Z";

    /// <summary>FNV-1a, 64 bits, as Prometheus' <c>model.LabelSet.Fingerprint</c> computes it.</summary>
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;
    private const byte LabelSeparator = 0xff;

    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>firing or resolved, as Alertmanager's <c>status</c> says it (pending alerts are never delivered).</summary>
    public static string Status(AlertState state) => state == AlertState.Resolved ? "resolved" : "firing";

    public static void Map(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, string>> entries)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in entries)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// The page that shows the alert: the notification's own URL when absolute; a relative one resolved against
    /// <paramref name="externalUrl"/>; none given, the external URL itself; without an external URL, none.
    /// </summary>
    public static string? GeneratorUrl(AlertNotification alert, Uri? externalUrl)
    {
        if (alert.GeneratorUrl is { } given && Uri.TryCreate(given, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return absolute.ToString();
        }

        if (externalUrl is null)
        {
            return null;
        }

        return alert.GeneratorUrl is { Length: > 0 } relative && Uri.TryCreate(externalUrl, relative, out var resolved) ? resolved.ToString() : externalUrl.ToString();
    }

    /// <summary>
    /// Alertmanager's fingerprint of an alert's labels: FNV-1a over each name and value (in name order), each
    /// followed by the byte 0xff, as 16 hexadecimal digits; the same value Alertmanager's own API shows.
    /// </summary>
    public static string Fingerprint(LabelSet labels)
    {
        var hash = FnvOffset;
        Span<byte> buffer = stackalloc byte[256];
        foreach (var (name, value) in labels) // in ordinal name order, as Go sorts them
        {
            hash = Add(hash, name, buffer);
            hash = (hash ^ LabelSeparator) * FnvPrime;
            hash = Add(hash, value, buffer);
            hash = (hash ^ LabelSeparator) * FnvPrime;
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static ulong Add(ulong hash, string text, Span<byte> buffer)
    {
        var bytes = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length ? buffer[..System.Text.Encoding.UTF8.GetBytes(text, buffer)] : System.Text.Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }
}
