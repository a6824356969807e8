namespace GoMem.Profiles;

/// <summary>
/// The units of sample values as pprof converts them (its internal/measurement package): bytes scale by 1024
/// (B, kB, MB, GB, TB, PB), times by their SI steps (ns, us, ms, s, hrs), and "count" stays a bare number.
/// Turning the scaled numbers into text is the output layer's job (PprofText).
/// </summary>
public static class SampleUnits
{
    private sealed record Unit(string CanonicalName, string[] Aliases, double Factor);

    private sealed record UnitType(Unit DefaultUnit, Unit[] Units)
    {
        public Unit? Find(string alias)
        {
            foreach (var unit in Units)
            {
                if (Array.IndexOf(unit.Aliases, alias) >= 0)
                {
                    return unit;
                }
            }

            return null;
        }

        /// <summary>pprof's sniffUnit: lower-case, and drop a plural "s" from names longer than two letters.</summary>
        public Unit? Sniff(string unit)
        {
            unit = unit.ToLowerInvariant();
            if (unit.Length > 2 && unit.EndsWith('s'))
            {
                unit = unit[..^1];
            }

            return Find(unit);
        }

        public bool TryAutoScale(double value, out double scaled, out string name)
        {
            double factor = 0;
            name = "";
            foreach (var unit in Units)
            {
                if (unit.Factor >= factor && value / unit.Factor >= 1.0)
                {
                    factor = unit.Factor;
                    name = unit.CanonicalName;
                }
            }

            scaled = factor == 0 ? 0 : value / factor;
            return factor != 0;
        }
    }

    private static readonly UnitType Memory = new(
        new Unit("B", ["b", "byte"], 1),
        [
            new Unit("B", ["b", "byte"], 1),
            new Unit("kB", ["kb", "kbyte", "kilobyte"], 1L << 10),
            new Unit("MB", ["mb", "mbyte", "megabyte"], 1L << 20),
            new Unit("GB", ["gb", "gbyte", "gigabyte"], 1L << 30),
            new Unit("TB", ["tb", "tbyte", "terabyte"], 1L << 40),
            new Unit("PB", ["pb", "pbyte", "petabyte"], 1L << 50),
        ]);

    private static readonly UnitType Time = new(
        new Unit("s", [], 1e9),
        [
            new Unit("ns", ["ns", "nanosecond"], 1),
            new Unit("us", ["μs", "us", "microsecond"], 1e3),
            new Unit("ms", ["ms", "millisecond"], 1e6),
            new Unit("s", ["s", "sec", "second"], 1e9),
            new Unit("hrs", ["hour", "hr"], 3600e9),
        ]);

    private static readonly UnitType Gcu = new(
        new Unit("GCU", [], 1),
        [
            new Unit("n*GCU", ["nanogcu"], 1e-9),
            new Unit("u*GCU", ["microgcu"], 1e-6),
            new Unit("m*GCU", ["milligcu"], 1e-3),
            new Unit("GCU", ["gcu"], 1),
            new Unit("k*GCU", ["kilogcu"], 1e3),
            new Unit("M*GCU", ["megagcu"], 1e6),
            new Unit("G*GCU", ["gigagcu"], 1e9),
            new Unit("T*GCU", ["teragcu"], 1e12),
            new Unit("P*GCU", ["petagcu"], 1e15),
        ]);

    private static readonly UnitType[] UnitTypes = [Memory, Time, Gcu];

    /// <summary>
    /// Converts <paramref name="value"/> from <paramref name="fromUnit"/> to <paramref name="toUnit"/>
    /// ("minimum"/"auto" pick the largest unit that keeps the value at or above 1). The returned unit is empty when
    /// it is not worth printing (counts).
    /// </summary>
    public static (double Value, string Unit) Scale(long value, string fromUnit, string toUnit)
    {
        if (value < 0 && -value > 0)
        {
            var (v, u) = Scale(-value, fromUnit, toUnit);
            return (-v, u);
        }

        foreach (var type in UnitTypes)
        {
            var from = type.Sniff(fromUnit);
            if (from is null)
            {
                continue;
            }

            var v = value * from.Factor;
            if (toUnit is "minimum" or "auto")
            {
                return type.TryAutoScale(v, out var scaled, out var name) ? (scaled, name) : (v / type.DefaultUnit.Factor, type.DefaultUnit.CanonicalName);
            }

            var to = type.Sniff(toUnit);
            return to is null ? (v / type.DefaultUnit.Factor, type.DefaultUnit.CanonicalName) : (v / to.Factor, to.CanonicalName);
        }

        return toUnit is "count" or "sample" or "unit" or "minimum" or "auto" ? (value, "") : (value, toUnit);
    }

    /// <summary>True when pprof knows the unit (bytes or time), i.e. values of it are scaled for display.</summary>
    public static bool IsKnownUnit(string unit)
    {
        foreach (var type in UnitTypes)
        {
            if (type.Sniff(unit) is not null)
            {
                return true;
            }
        }

        return false;
    }
}
