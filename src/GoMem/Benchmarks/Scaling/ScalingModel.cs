namespace GoMem.Benchmarks.Scaling;

/// <summary>A complexity class a unit's growth is assigned to.</summary>
public enum ComplexityClass
{
    Constant,
    Logarithmic,
    Linear,
    Linearithmic,
    Quadratic,
    Cubic,
}

/// <summary>One unit of one benchmark family against its size: medians per size, the fitted exponent and the class.</summary>
public sealed record ScalingSeries(
    string Unit,
    IReadOnlyList<double> Sizes,
    IReadOnlyList<double> Medians,
    double? Exponent,
    double? RSquared,
    ComplexityClass Class,
    bool Superlinear,
    string? Note);

/// <summary>A benchmark family (its name without the size part) and the size key that varies.</summary>
public sealed record ScalingFamily(string Name, string SizeKey, IReadOnlyList<ScalingSeries> Series);

public sealed record ScalingReport(IReadOnlyList<ScalingFamily> Families, IReadOnlyList<string> Notes)
{
    /// <summary>Memory units (B/op, allocs/op) growing faster than linearly: the classic allocation alarm.</summary>
    public IEnumerable<(ScalingFamily Family, ScalingSeries Series)> Alarms =>
        Families.SelectMany(f => f.Series.Where(s => s.Superlinear).Select(s => (f, s)));
}

public static class ComplexityNames
{
    public static string Of(ComplexityClass c) => c switch
    {
        ComplexityClass.Constant => "O(1)",
        ComplexityClass.Logarithmic => "O(log n)",
        ComplexityClass.Linear => "O(n)",
        ComplexityClass.Linearithmic => "O(n log n)",
        ComplexityClass.Quadratic => "O(n²)",
        _ => "O(n³)",
    };
}
