using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GoMem.Monitoring.Exposition;

/// <summary>
/// Where <c>/metrics</c> is served: an IP address and a port. Written <c>HOST:PORT</c>, with HOST an IPv4 address,
/// an IPv6 address in brackets, or <c>localhost</c>; <c>:PORT</c> or <c>PORT</c> alone mean 127.0.0.1, so the
/// collector's figures stay on the machine unless the user names another interface (<c>0.0.0.0:9464</c> for all).
/// </summary>
public sealed record ListenAddress(IPAddress Address, int Port)
{
    /// <summary>Reads <paramref name="text"/>; false with the problem in one line when it is not an address to listen on.</summary>
    public static bool TryParse(string text, out ListenAddress? address, out string problem)
    {
        address = null;
        problem = "";
        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? "" : text[..colon];
        var portText = colon < 0 ? text : text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            problem = $"\"{text}\" has no port from 1 to 65535; give HOST:PORT, like 127.0.0.1:9464";
            return false;
        }

        IPAddress? ip;
        if (host.Length == 0 || host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            ip = IPAddress.Loopback;
        }
        else if (host.StartsWith('[') && host.EndsWith(']') && IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
        {
            ip = v6;
        }
        else if (!host.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(host, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork && host.Count(c => c == '.') == 3)
        {
            ip = v4;
        }
        else
        {
            problem = $"\"{host}\" is not an address to listen on: give an IPv4 address (127.0.0.1, or 0.0.0.0 for every interface), an IPv6 one in brackets ([::1]) or localhost";
            return false;
        }

        address = new ListenAddress(ip, port);
        return true;
    }

    /// <summary>The host as a URL writes it: IPv6 in brackets.</summary>
    public string Host => Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString();

    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
