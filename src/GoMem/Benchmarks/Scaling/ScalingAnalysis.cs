using GoMem.Statistics;

namespace GoMem.Benchmarks.Scaling;

/// <summary>
/// Finds benchmark families parameterised by a size (<c>/n=16</c>, <c>/size=1024</c>, <c>/1k</c>, <c>/4MB</c>), fits
/// each unit's median against the size on log–log axes and names the complexity class whose curve fits best.
/// Memory units (B/op, allocs/op) classed above linear are flagged.
/// </summary>
public static class ScalingAnalysis
{
    /// <summary>Fewest distinct sizes for a fit worth reporting.</summary>
    public const int MinimumSizes = 3;

    private static readonly (ComplexityClass Class, Func<double, double> Curve)[] Models =
    [
        (ComplexityClass.Constant, _ => 1),
        (ComplexityClass.Logarithmic, n => Math.Log(n + 1)),
        (ComplexityClass.Linear, n => n),
        (ComplexityClass.Linearithmic, n => n * Math.Log(n + 1)),
        (ComplexityClass.Quadratic, n => n * n),
        (ComplexityClass.Cubic, n => n * n * n),
    ];

    public static ScalingReport Analyze(IReadOnlyList<BenchmarkFile> files)
    {
        // (family, size key, unit) -> size -> values, in order of first appearance.
        var series = new Dictionary<(string Family, string Key, string Unit), SortedDictionary<double, List<double>>>();
        var order = new List<(string Family, string Key, string Unit)>();
        foreach (var file in files)
        {
            foreach (var result in file.Results)
            {
                foreach (var part in result.Name.Parts)
                {
                    if (!SizeParameter.TryParse(part.Value, out var size))
                    {
                        continue;
                    }

                    var family = result.Name.Without([part.Key]);
                    foreach (var measurement in result.Values)
                    {
                        var key = (family, part.Positional ? "/" + part.Key.TrimStart('/') : part.Key, measurement.Unit);
                        if (!series.TryGetValue(key, out var bySize))
                        {
                            bySize = [];
                            series[key] = bySize;
                            order.Add(key);
                        }

                        if (!bySize.TryGetValue(size, out var values))
                        {
                            values = [];
                            bySize[size] = values;
                        }

                        values.Add(measurement.Value);
                    }
                }
            }
        }

        var families = new List<ScalingFamily>();
        foreach (var group in order.Where(k => series[k].Count >= MinimumSizes).GroupBy(k => (k.Family, k.Key)))
        {
            var fitted = group.Select(k => Fit(k.Unit, series[k])).ToList();
            families.Add(new ScalingFamily(group.Key.Family, group.Key.Key, fitted));
        }

        var notes = new List<string>();
        if (families.Count == 0)
        {
            notes.Add($"no benchmark has a size parameter with at least {MinimumSizes} values (e.g. BenchmarkX/n=16, /n=256, /n=4096)");
        }

        return new ScalingReport(families, notes);
    }

    private static ScalingSeries Fit(string unit, SortedDictionary<double, List<double>> bySize)
    {
        var sizes = bySize.Keys.ToArray();
        var medians = bySize.Values.Select(v =>
        {
            var sorted = v.ToArray();
            Array.Sort(sorted);
            return MedianConfidenceInterval.Median(sorted);
        }).ToArray();
        var memory = unit is "B/op" or "allocs/op";
        if (medians.All(m => m == medians[0]))
        {
            return new ScalingSeries(unit, sizes, medians, 0, 1, ComplexityClass.Constant, false, null);
        }

        // Zero medians have no logarithm; fit the positive tail and say so.
        var positive = Enumerable.Range(0, sizes.Length).Where(i => medians[i] > 0).ToArray();
        string? note = positive.Length < sizes.Length ? $"{sizes.Length - positive.Length} size(s) with a median of 0 left out of the fit" : null;
        if (positive.Length < 2)
        {
            return new ScalingSeries(unit, sizes, medians, null, null, ComplexityClass.Constant, false, note ?? "too few positive values to fit");
        }

        var x = positive.Select(i => sizes[i]).ToArray();
        var y = positive.Select(i => medians[i]).ToArray();
        var fit = LogLogFit.Fit(x, y);
        var best = BestClass(x, y);
        var superlinear = memory && best >= ComplexityClass.Linearithmic;
        return new ScalingSeries(unit, sizes, medians, fit?.Exponent, fit?.RSquared, best, superlinear, note);
    }

    /// <summary>
    /// The curve a + b·f(n), b ≥ 0, with the least relative squared error Σ((y - ŷ)/y)²: the intercept absorbs fixed
    /// per-call costs that would bend a pure power law (a checksum is O(n) plus a constant). Among curves that fit
    /// about equally well (within 10%), the slower-growing one wins.
    /// </summary>
    private static ComplexityClass BestClass(double[] x, double[] y)
    {
        var errors = new double[Models.Length];
        for (var m = 0; m < Models.Length; m++)
        {
            errors[m] = RelativeError(x, y, Models[m].Curve);
        }

        var best = errors.Min();
        for (var m = 0; m < Models.Length; m++)
        {
            if (errors[m] <= (best * 1.1) + 1e-12)
            {
                return Models[m].Class;
            }
        }

        return ComplexityClass.Constant;
    }

    /// <summary>Weighted least squares of y on f(x) with weights 1/y², solved from the 2×2 normal equations.</summary>
    private static double RelativeError(double[] x, double[] y, Func<double, double> curve)
    {
        double sw = 0, swf = 0, swff = 0, swy = 0, swfy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var w = 1 / (y[i] * y[i]);
            var f = curve(x[i]);
            sw += w;
            swf += w * f;
            swff += w * f * f;
            swy += w * y[i];
            swfy += w * f * y[i];
        }

        var determinant = (sw * swff) - (swf * swf);
        double a, b;
        if (Math.Abs(determinant) < 1e-300 * Math.Max(1, sw * swff))
        {
            (a, b) = (swy / sw, 0);
        }
        else
        {
            b = ((sw * swfy) - (swf * swy)) / determinant;
            a = (swy - (b * swf)) / sw;
            if (b < 0)
            {
                (a, b) = (swy / sw, 0);
            }
        }

        var error = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var r = (y[i] - a - (b * curve(x[i]))) / y[i];
            error += r * r;
        }

        return error;
    }
}
