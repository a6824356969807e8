using System.Globalization;
using GoMem.Benchmarks.Units;
using GoMem.IO;

namespace GoMem.Benchmarks.Gate;

/// <summary>
/// The largest increase a unit may show before the gate fails: absolute (<c>allocs/op=+0</c>, in the unit as
/// written) or relative (<c>sec/op=+10%</c>). Units are matched after tidying, so ns/op and sec/op are one unit.
/// </summary>
public sealed record GateThreshold(string Unit, double Amount, bool Relative, string Text)
{
    /// <summary>allocs/op and B/op may not grow at all; time may grow by 10% (and must be significant).</summary>
    public static IReadOnlyList<GateThreshold> Defaults { get; } = [Parse("allocs/op=+0"), Parse("B/op=+0"), Parse("sec/op=+10%")];

    /// <summary>Parses UNIT=+N, UNIT=N or UNIT=+N%.</summary>
    public static GateThreshold Parse(string text)
    {
        var eq = text.LastIndexOf('=');
        if (eq <= 0 || eq == text.Length - 1)
        {
            throw new InvalidSettingException("Thresholds", $"\"{text}\" is not UNIT=+N or UNIT=+N% (e.g. allocs/op=+0, sec/op=+10%)");
        }

        var (unit, factor) = BenchmarkUnits.Tidy(text[..eq]);
        var amount = text[(eq + 1)..].Trim();
        var relative = amount.EndsWith('%');
        var number = relative ? amount[..^1] : amount;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || !double.IsFinite(value))
        {
            throw new InvalidSettingException("Thresholds", $"\"{text}\": the allowed increase must be a number ≥ 0, like +0, +512 or +5%");
        }

        return new GateThreshold(unit, relative ? value : value * factor, relative, text[..eq] + "=" + amount);
    }

    /// <summary>The largest new centre allowed for a baseline centre.</summary>
    public double Limit(double baseline) => Relative ? baseline + (Math.Abs(baseline) * Amount / 100) : baseline + Amount;
}
