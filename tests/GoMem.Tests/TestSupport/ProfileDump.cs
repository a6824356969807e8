using System.Globalization;
using System.Text;
using GoMem.Profiles;

namespace GoMem.Tests.TestSupport;

/// <summary>
/// pprof's debug dump of a profile, byte for byte as Go's <c>(*profile.Profile).String()</c> prints it: comments,
/// period, samples (values, location IDs, labels), locations with their lines, and mappings. pprof's own tests
/// compare parsed profiles against this text, so it is how we check our parsers against theirs.
/// </summary>
internal static class ProfileDump
{
    private const string LabelIndent = "                ";

    /// <summary>
    /// Formats the profile. <paramref name="zone"/> is the zone of the <c>Time:</c> line (Go prints local time);
    /// it defaults to UTC so the output does not depend on the machine.
    /// </summary>
    public static string Format(Profile profile, TimeZoneInfo? zone = null)
    {
        var lines = new List<string>();
        var header = profile.Header;
        foreach (var comment in header.Comments)
        {
            lines.Add("Comment: " + comment);
        }

        if (header.DocUrl.Length > 0)
        {
            lines.Add("Doc: " + header.DocUrl);
        }

        if (header.PeriodType is { } periodType)
        {
            lines.Add($"PeriodType: {periodType.Type} {periodType.Unit}");
        }

        lines.Add("Period: " + Decimal(header.Period));
        if (header.TimeNanos != 0)
        {
            lines.Add("Time: " + GoTime(header.TimeNanos, zone ?? TimeZoneInfo.Utc));
        }

        if (header.DurationNanos != 0)
        {
            // Go's "%.4v" of a time.Duration: its String(), cut to 4 characters (runes).
            lines.Add("Duration: " + Truncate(GoDuration(header.DurationNanos), 4));
        }

        lines.Add("Samples:");
        var types = new StringBuilder();
        foreach (var type in profile.SampleTypes)
        {
            types.Append(type.Type).Append('/').Append(type.Unit);
            if (type.Type == header.DefaultSampleType)
            {
                types.Append("[dflt]");
            }

            types.Append(' ');
        }

        lines.Add(types.ToString().Trim(GoSpace));
        for (var s = 0; s < profile.SampleCount; s++)
        {
            AddSample(profile, s, lines);
        }

        lines.Add("Locations");
        foreach (var location in profile.Locations)
        {
            AddLocation(profile, location, lines);
        }

        lines.Add("Mappings");
        foreach (var m in profile.Mappings)
        {
            var bits = (m.HasFunctions ? "[FN]" : "") + (m.HasFilenames ? "[FL]" : "") + (m.HasLineNumbers ? "[LN]" : "") + (m.HasInlineFrames ? "[IN]" : "");
            lines.Add($"{Decimal(m.Id)}: {Hex(m.Start)}/{Hex(m.Limit)}/{Hex(m.Offset)} {m.File} {m.BuildId} {bits}");
        }

        return string.Join('\n', lines) + "\n";
    }

    private static void AddSample(Profile profile, int sample, List<string> lines)
    {
        var sb = new StringBuilder();
        foreach (var value in profile.Values(sample))
        {
            sb.Append(' ').Append(Decimal(value).PadLeft(10));
        }

        sb.Append(": ");
        foreach (var location in profile.Stack(sample))
        {
            sb.Append(Decimal(profile.Locations[location].Id)).Append(' ');
        }

        lines.Add(sb.ToString());

        // Go keeps labels in maps (key → values, in insertion order per key) and prints "key:[v1 v2]" sorted.
        var text = new Dictionary<string, List<string>>();
        var numbers = new Dictionary<string, List<(long Value, string Unit)>>();
        foreach (var label in profile.Labels(sample))
        {
            if (label.IsNumeric)
            {
                if (!numbers.TryGetValue(label.Key, out var list))
                {
                    numbers[label.Key] = list = [];
                }

                list.Add((label.Number, label.NumberUnit ?? ""));
            }
            else
            {
                if (!text.TryGetValue(label.Key, out var list))
                {
                    text[label.Key] = list = [];
                }

                list.Add(label.Text!);
            }
        }

        if (text.Count > 0)
        {
            var parts = text.Select(kv => kv.Key + ":[" + string.Join(' ', kv.Value) + "]").ToList();
            parts.Sort(string.CompareOrdinal);
            lines.Add(LabelIndent + string.Join(' ', parts));
        }

        if (numbers.Count > 0)
        {
            var parts = new List<string>(numbers.Count);
            foreach (var (key, values) in numbers)
            {
                // With any unit for the key, every value prints as "%d %s" (missing units are empty strings).
                var withUnits = values.Any(v => v.Unit.Length > 0);
                parts.Add(key + ":[" + string.Join(' ', values.Select(v => withUnits ? Decimal(v.Value) + " " + v.Unit : Decimal(v.Value))) + "]");
            }

            parts.Sort(string.CompareOrdinal);
            lines.Add(LabelIndent + string.Join(' ', parts));
        }
    }

    private static void AddLocation(Profile profile, Location location, List<string> lines)
    {
        var prefix = Decimal(location.Id).PadLeft(6) + ": " + Hex(location.Address) + " ";
        if (location.MappingIndex >= 0)
        {
            prefix += "M=" + Decimal(profile.Mappings[location.MappingIndex].Id) + " ";
        }

        if (location.IsFolded)
        {
            prefix += "[F] ";
        }

        if (location.Lines.Length == 0)
        {
            lines.Add(prefix);
        }

        foreach (var line in location.Lines)
        {
            var text = "??";
            if (line.FunctionIndex >= 0)
            {
                var f = profile.Functions[line.FunctionIndex];
                text = $"{f.Name} {f.Filename}:{Decimal(line.Number)}:{Decimal(line.Column)} s={Decimal(f.StartLine)}";
                if (f.Name != f.SystemName)
                {
                    text += "(" + f.SystemName + ")";
                }
            }

            lines.Add(prefix + text);

            // Location details only on the first line.
            prefix = "             ";
        }
    }

    /// <summary>Go's time.Duration.String(): "1h2m3.5s", or "1.5ms", "300µs", "7ns" below one second.</summary>
    public static string GoDuration(long nanos)
    {
        var negative = nanos < 0;
        var u = negative ? unchecked(0UL - (ulong)nanos) : (ulong)nanos;
        var sb = new StringBuilder();
        if (u < 1_000_000_000)
        {
            if (u == 0)
            {
                return "0s";
            }

            string unit;
            int precision;
            if (u < 1_000)
            {
                (unit, precision) = ("ns", 0);
            }
            else if (u < 1_000_000)
            {
                (unit, precision) = ("µs", 3);
            }
            else
            {
                (unit, precision) = ("ms", 6);
            }

            var fraction = Fraction(ref u, precision);
            sb.Append(Decimal(u)).Append(fraction).Append(unit);
        }
        else
        {
            var fraction = Fraction(ref u, 9);
            var seconds = u % 60;
            u /= 60;
            if (u > 0)
            {
                var minutes = u % 60;
                u /= 60;
                if (u > 0)
                {
                    sb.Append(Decimal(u)).Append('h');
                }

                sb.Append(Decimal(minutes)).Append('m');
            }

            sb.Append(Decimal(seconds)).Append(fraction).Append('s');
        }

        return negative ? "-" + sb : sb.ToString();
    }

    /// <summary>Go's fmtFrac: the low <paramref name="precision"/> digits as ".ddd" without trailing zeros ("" when 0).</summary>
    private static string Fraction(ref ulong value, int precision)
    {
        var digits = new char[precision];
        var length = 0;
        var print = false;
        for (var i = 0; i < precision; i++)
        {
            var digit = value % 10;
            print |= digit != 0;
            if (print)
            {
                digits[precision - 1 - length++] = (char)('0' + (int)digit);
            }

            value /= 10;
        }

        return print ? "." + new string(digits, precision - length, length) : "";
    }

    /// <summary>Go's Time.String() of time.Unix(0, nanos): "2006-01-02 15:04:05.999999999 -0700 MST".</summary>
    private static string GoTime(long unixNanos, TimeZoneInfo zone)
    {
        var utc = DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100);
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        var fraction = ((unixNanos % 1_000_000_000) + 1_000_000_000) % 1_000_000_000;
        var text = local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        if (fraction != 0)
        {
            text += "." + fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        var offset = (local.Offset < TimeSpan.Zero ? "-" : "+") + local.Offset.ToString("hhmm", CultureInfo.InvariantCulture);

        // Go prints the zone's abbreviation; .NET has none, so UTC is named and other zones repeat the offset,
        // as Go does for zones without an abbreviation.
        var name = local.Offset == TimeSpan.Zero && (zone == TimeZoneInfo.Utc || zone.Id is "UTC" or "Etc/UTC") ? "UTC" : offset;
        return $"{text} {offset} {name}";
    }

    private static string Truncate(string text, int runes) => string.Concat(text.EnumerateRunes().Take(runes).Select(r => r.ToString()));

    private static readonly char[] GoSpace = [' ', '\t', '\n', '\r', '\v', '\f'];

    private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static string Decimal(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Decimal(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
