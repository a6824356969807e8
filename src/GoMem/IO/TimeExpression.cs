using System.Globalization;

namespace GoMem.IO;

/// <summary>
/// A moment as users write it on a command line: RFC 3339 (<c>2026-12-04T10:00:00Z</c>, a date alone is midnight
/// UTC), <c>now</c>, or a Go duration before now (<c>-2h</c>, <c>-90m</c>, <c>-1h30m</c>).
/// </summary>
public static class TimeExpression
{
    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset time)
    {
        time = default;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            time = now;
            return true;
        }

        if (trimmed.StartsWith('-') && GoDuration.TryParse(trimmed[1..], out var ago))
        {
            time = now - ago;
            return true;
        }

        // A plain number would be read as a date part by DateTimeOffset.TryParse; only dates and times are taken here.
        if (trimmed.Length < 8 || !trimmed.Contains('-', StringComparison.Ordinal))
        {
            return false;
        }

        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }
}
