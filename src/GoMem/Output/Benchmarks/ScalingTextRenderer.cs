using GoMem.Benchmarks.Scaling;
using GoMem.Benchmarks.Units;
using GoMem.Output.Text;
using static GoMem.Output.Text.TextTable;

namespace GoMem.Output.Benchmarks;

/// <summary><c>gomem bench scaling</c> for people: one table per family, then the units that grow faster than linearly.</summary>
public static class ScalingTextRenderer
{
    /// <summary>Unit, exponent, R², complexity class, then the medians at the smallest and largest size.</summary>
    private static readonly TextColumn[] Columns =
    [
        new(Align.Left, "  ", 4),
        new(Align.Right, "  ", 8, Fixed: true),
        new(Align.Right, "  ", 5, Fixed: true),
        new(Align.Left, "  ", 10, Fixed: true),
        new(Align.Left, "  "),
    ];

    public static void Write(TextWriter writer, ScalingReport report)
    {
        foreach (var family in report.Families)
        {
            var sizes = family.Series[0].Sizes;
            writer.Write($"{family.Name}  (size {family.SizeKey}: {sizes.Count} sizes, {GoFormat.Shortest(sizes[0])} to {GoFormat.Shortest(sizes[^1])})\n");
            var table = new TextTable(Columns).AddRow("unit", "exponent", "R²", "class", "smallest → largest");
            foreach (var series in family.Series)
            {
                var unitClass = BenchmarkUnits.ClassOf(series.Unit);
                var exponent = series.Exponent is { } e ? GoFormat.Fixed(e, 2) : "-";
                var r2 = series.RSquared is { } r ? GoFormat.Fixed(r, 3) : "-";
                var range = $"{UnitScaler.Scale(series.Medians[0], unitClass)} → {UnitScaler.Scale(series.Medians[^1], unitClass)}";
                var flag = series.Superlinear ? "  ⚠ grows faster than linear" : "";
                var note = series.Note is { } n ? $"  ({n})" : "";
                table.AddRow(series.Unit, exponent, r2, ComplexityNames.Of(series.Class), range + flag + note);
            }

            table.WriteTo(writer);
            writer.Write('\n');
        }

        var alarms = report.Alarms.ToList();
        if (alarms.Count > 0)
        {
            writer.Write($"{alarms.Count} memory unit(s) grow faster than linearly with the input:\n");
            foreach (var (family, series) in alarms)
            {
                writer.Write($"  {family.Name}: {series.Unit} {ComplexityNames.Of(series.Class)} (exponent {GoFormat.Fixed(series.Exponent ?? 0, 2)}), e.g. string concatenation or append without preallocation in a loop\n");
            }
        }

        foreach (var note in report.Notes)
        {
            writer.Write(note + "\n");
        }
    }
}
