namespace GoMem.IO;

/// <summary>
/// Caps that keep memory bounded on huge or hostile inputs (a gzip bomb, a length prefix of 2^60, a profile
/// claiming billions of samples). Defaults fit any real Go profile with a wide margin.
/// </summary>
public sealed record InputLimits
{
    public const long DefaultMaxInflatedBytes = 1L << 30;

    public static InputLimits Default { get; } = new();

    /// <summary>Largest decompressed (or raw) input accepted, in bytes.</summary>
    public long MaxInflatedBytes { get; init; } = DefaultMaxInflatedBytes;

    /// <summary>Most samples, locations, functions or mappings accepted in one profile.</summary>
    public int MaxTableEntries { get; init; } = 20_000_000;

    /// <summary>Most stack frames (location references) accepted over all samples.</summary>
    public long MaxStackEntries { get; init; } = 200_000_000;
}
