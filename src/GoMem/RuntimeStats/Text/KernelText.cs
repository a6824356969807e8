using System.Globalization;

namespace GoMem.RuntimeStats.Text;

/// <summary>Small lexing helpers for the Linux /proc and cgroup text files.</summary>
internal static class KernelText
{
    /// <summary>"1234 kB" (blanks around allowed) as bytes; false when not that shape or too large.</summary>
    public static bool TryParseKilobytes(ReadOnlySpan<char> value, out long bytes)
    {
        bytes = 0;
        value = value.Trim(" \t");
        if (!value.EndsWith(" kB", StringComparison.Ordinal))
        {
            return false;
        }

        var number = value[..^3].TrimEnd(" \t");
        if (!TryParseNonNegative(number, out var kilobytes) || kilobytes > long.MaxValue / 1024)
        {
            return false;
        }

        bytes = kilobytes * 1024;
        return true;
    }

    /// <summary>Plain decimal digits (no sign, no blanks) as a non-negative long.</summary>
    public static bool TryParseNonNegative(ReadOnlySpan<char> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || !char.IsAsciiDigit(digits[0]))
        {
            return false;
        }

        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A key of the "Key:" files: ASCII letters, digits and underscores (kernel spelling, e.g. Pss_Anon).</summary>
    public static bool IsKey(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    public static string Excerpt(string line) => line.Length > 60 ? line[..60] + "..." : line;
}
