using GoMem.IO;
using Npgsql;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// Where a PostgreSQL store is: parsed from a <c>postgres://user:password@host:port/database?sslmode=require</c>
/// URL (libpq's form; <c>postgresql://</c> too) or taken as an Npgsql connection string (<c>Host=...;Database=...</c>),
/// with a description to name the store in messages that never shows the password.
/// </summary>
internal sealed record PostgresConnection(string ConnectionString, string Description, string Host, int Port)
{
    public const int DefaultPort = 5432;

    /// <summary>The URL query parameters understood, with the Npgsql setting each one becomes.</summary>
    private static readonly Dictionary<string, string> QueryKeywords = new(StringComparer.Ordinal)
    {
        ["sslmode"] = "SSL Mode",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["search_path"] = "Search Path",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
    };

    /// <summary>True when <paramref name="store"/> is a <c>postgres://</c> or <c>postgresql://</c> URL.</summary>
    public static bool IsUrl(string store) =>
        store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a URL or a connection string; a malformed one is a <see cref="BadInputException"/>.</summary>
    public static PostgresConnection Parse(string store)
    {
        ArgumentException.ThrowIfNullOrEmpty(store);
        var builder = IsUrl(store) ? FromUrl(store) : FromConnectionString(store);
        builder.ApplicationName ??= "gomem";
        var host = string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host;
        var user = string.IsNullOrEmpty(builder.Username) ? "" : Uri.EscapeDataString(builder.Username) + "@";
        var hostPart = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        var description = $"postgres://{user}{hostPart}:{builder.Port}/{Uri.EscapeDataString(builder.Database ?? "")}";
        return new PostgresConnection(builder.ConnectionString, description, host, builder.Port);
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        // The password is never part of what a message names; the source of a refusal is the URL without it.
        var redacted = Redact(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new BadInputException(redacted, "not a valid PostgreSQL URL (expected postgres://user:password@host:port/database)");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Contains('/', StringComparison.Ordinal))
        {
            throw new BadInputException(redacted, $"'{database}' is not a database name (the URL's path is one name)");
        }

        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            if (!QueryKeywords.TryGetValue(key, out var keyword))
            {
                throw new BadInputException(redacted, $"unknown URL parameter '{key}' (known: {string.Join(", ", QueryKeywords.Keys)})");
            }

            try
            {
                builder[keyword] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new BadInputException(redacted, $"URL parameter {key}={value}: {e.Message.Split('\n')[0]}");
            }
        }

        return builder;
    }

    private static NpgsqlConnectionStringBuilder FromConnectionString(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrEmpty(builder.Host))
            {
                throw new BadInputException("PostgreSQL connection string", "it names no Host");
            }

            return builder;
        }
        catch (Exception e) when (e is ArgumentException or FormatException and not BadInputException)
        {
            throw new BadInputException("PostgreSQL connection string", e.Message.Split('\n')[0]);
        }
    }

    /// <summary>The URL with its password replaced by <c>***</c>.</summary>
    public static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.LastIndexOf('@');
        if (scheme < 0 || at < scheme)
        {
            return url;
        }

        var colon = url.IndexOf(':', scheme + 3);
        return colon < 0 || colon > at ? url : url[..(colon + 1)] + "***" + url[at..];
    }
}
