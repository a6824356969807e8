namespace GoMem.Profiles;

/// <summary>A sample type or period type: what is measured and in which unit (pprof's ValueType).</summary>
public readonly record struct ValueType(string Type, string Unit)
{
    public override string ToString() => $"{Type}/{Unit}";
}

/// <summary>A memory mapping of the profiled process (usually the binary first).</summary>
public sealed record Mapping(
    ulong Id,
    ulong Start,
    ulong Limit,
    ulong Offset,
    string File,
    string BuildId,
    bool HasFunctions,
    bool HasFilenames,
    bool HasLineNumbers,
    bool HasInlineFrames);

/// <summary>A function as named in the profile. Names come from the profiled program and are untrusted.</summary>
public sealed record Function(ulong Id, string Name, string SystemName, string Filename, long StartLine);

/// <summary>
/// One source line of a location. <see cref="FunctionIndex"/> indexes <see cref="Profile.Functions"/>, or is -1.
/// </summary>
public readonly record struct Line(int FunctionIndex, long Number, long Column);

/// <summary>
/// A program counter with its source lines. Lines[0] is the innermost (inlined callee) frame and the last
/// line is the function that really holds the address, as in profile.proto.
/// </summary>
public sealed record Location(ulong Id, int MappingIndex, ulong Address, Line[] Lines, bool IsFolded);

/// <summary>A sample label: either a string value or a number with an optional unit.</summary>
public readonly record struct Label(string Key, string? Text, long Number, string? NumberUnit)
{
    public bool IsNumeric => Text is null;
}
