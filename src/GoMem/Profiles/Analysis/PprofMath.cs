namespace GoMem.Profiles.Analysis;

/// <summary>Integer arithmetic as pprof (Go) does it, where .NET's checked helpers would throw.</summary>
internal static class PprofMath
{
    /// <summary>
    /// Go's abs64 as pprof writes it: |long.MinValue| wraps to long.MinValue (it stays negative), never an overflow.
    /// A hostile profile can hold a value of -2^63; pprof's totals, cutoffs and orders then follow this rule.
    /// </summary>
    public static long Abs64(long value) => value < 0 ? unchecked(-value) : value;
}
