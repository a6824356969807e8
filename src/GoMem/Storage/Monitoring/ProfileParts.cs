namespace GoMem.Storage.Monitoring;

/// <summary>A stored mapping: ids of its strings in the target's string table, its <see cref="Mapping"/> flags as bits.</summary>
internal readonly record struct MappingPart(ulong Start, ulong Limit, ulong Offset, long FileId, long BuildIdId, int Flags, int Variant);

/// <summary>A stored function: ids of its strings in the target's string table.</summary>
internal readonly record struct FunctionPart(long NameId, long SystemNameId, long FilenameId, long StartLine, int Variant);

/// <summary>
/// A stored location: its mapping's id (0 for none), and its lines as a varint blob of (function id or 0, line,
/// column) triples, innermost first as in the profile.
/// </summary>
internal readonly record struct LocationPart(long MappingId, ulong Address, bool IsFolded, int Variant, byte[] Lines);

/// <summary>A part with its content address (<see cref="ContentHash"/>).</summary>
internal readonly record struct Hashed<T>(long Hash, T Part);

/// <summary>
/// One target's content-addressed profile parts, as a store engine keeps them: each Intern call returns, for each
/// part given, the id of an equal stored part (adding the ones not stored yet), in the same order; each Load call
/// returns the parts with the given ids. Batches, so an engine across a network can do each in one round trip.
/// </summary>
internal interface IProfilePartStore
{
    long[] InternStrings(IReadOnlyList<Hashed<string>> strings);

    long[] InternMappings(IReadOnlyList<Hashed<MappingPart>> mappings);

    long[] InternFunctions(IReadOnlyList<Hashed<FunctionPart>> functions);

    long[] InternLocations(IReadOnlyList<Hashed<LocationPart>> locations);

    /// <summary>Stacks are blobs of location ids (see <see cref="ProfileSnapshotCodec"/>).</summary>
    long[] InternStacks(IReadOnlyList<Hashed<byte[]>> stacks);

    string[] LoadStrings(IReadOnlyList<long> ids);

    MappingPart[] LoadMappings(IReadOnlyList<long> ids);

    FunctionPart[] LoadFunctions(IReadOnlyList<long> ids);

    LocationPart[] LoadLocations(IReadOnlyList<long> ids);

    byte[][] LoadStacks(IReadOnlyList<long> ids);
}

/// <summary>
/// A snapshot as a store row: the profile's header as plain columns, its tables and samples as blobs of part ids
/// (see <see cref="ProfileSnapshotCodec"/>).
/// </summary>
internal sealed record EncodedSnapshot(
    string SampleTypesJson,
    string DefaultSampleType,
    string? PeriodType,
    string? PeriodUnit,
    long Period,
    long DurationNanos,
    long ProfileTimeNanos,
    string CommentsJson,
    string DropFrames,
    string KeepFrames,
    string DocUrl,
    int SampleCount,
    byte[] Tables,
    byte[] Samples);
