using System.Text.Json;
using GoMem.IO;
using GoMem.Profiles;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// Splits a profile into the parts a store shares between all snapshots of a target (strings, mappings, functions,
/// locations, stacks; see <see cref="IProfilePartStore"/>) and the little that is the snapshot's own, and puts it back
/// together into an equal model. Engine-neutral: every store engine keeps the same parts and the same blobs.
/// </summary>
/// <remarks>
/// The snapshot's own data, as varint blobs (zigzag for signed values), each stored plain or Brotli-compressed:
/// <list type="bullet">
/// <item><c>tables</c>: the snapshot's mappings, functions and locations in the profile's order as (part id delta,
/// own id delta) pairs (the profile's ids are kept, so a loaded profile is the same one, though the part is shared
/// with snapshots that numbered it differently), then the part ids of the strings its labels use and of its distinct
/// stacks, as deltas. Ids added in one go are consecutive, so most deltas take one byte.</item>
/// <item><c>samples</c>: per sample, the index of its stack in that list, one value per sample type, then its
/// labels as (label-string index × 4 + kind, payload): kind 0 a string (text index), 1 a number without unit, 2 a
/// number with a unit (number, unit index).</item>
/// </list>
/// A stack part is the blob of its location part ids (deltas), leaf first. Parts identical in content but distinct
/// within one profile (two equal functions under different ids) get increasing <c>Variant</c> numbers so that each
/// keeps its own part and the loaded profile refers to the right one.
/// </remarks>
internal static partial class ProfileSnapshotCodec
{
    private const byte Plain = 1, Brotli = 2;
    private const int BrotliQuality = 5, BrotliWindow = 22;
    private const int HasFunctions = 1, HasFilenames = 2, HasLineNumbers = 4, HasInlineFrames = 8;
    private const int TextLabel = 0, NumberLabel = 1, NumberWithUnitLabel = 2;

    public static EncodedSnapshot Encode(Profile profile, IProfilePartStore parts)
    {
        // The stores keep strings in text columns, which hold UTF-8 only: bytes of a name that were not UTF-8 are
        // kept as U+FFFD, the same in every engine.
        profile = profile.AsUtf8Text();
        var scratch = new VarintWriter();
        var strings = new Interner();
        foreach (var m in profile.Mappings)
        {
            strings.Add(m.File);
            strings.Add(m.BuildId);
        }

        foreach (var f in profile.Functions)
        {
            strings.Add(f.Name);
            strings.Add(f.SystemName);
            strings.Add(f.Filename);
        }

        var labelStrings = new Interner();
        for (var s = 0; s < profile.SampleCount; s++)
        {
            foreach (var label in profile.Labels(s))
            {
                labelStrings.Add(label.Key);
                if (label.Text is { } text)
                {
                    labelStrings.Add(text);
                }
                else if (label.NumberUnit is { } unit)
                {
                    labelStrings.Add(unit);
                }
            }
        }

        foreach (var value in labelStrings.Values)
        {
            strings.Add(value);
        }

        var stringIds = parts.InternStrings([.. strings.Values.Select(v => new Hashed<string>(ContentHash.Of(v), v))]);
        long StringId(string value) => stringIds[strings.IndexOf(value)];

        var mappingVariants = new Dictionary<MappingPart, int>();
        var mappings = new Hashed<MappingPart>[profile.Mappings.Count];
        for (var i = 0; i < mappings.Length; i++)
        {
            var m = profile.Mappings[i];
            var flags = (m.HasFunctions ? HasFunctions : 0) | (m.HasFilenames ? HasFilenames : 0) | (m.HasLineNumbers ? HasLineNumbers : 0) | (m.HasInlineFrames ? HasInlineFrames : 0);
            var part = new MappingPart(m.Start, m.Limit, m.Offset, StringId(m.File), StringId(m.BuildId), flags, 0);
            part = part with { Variant = NextVariant(mappingVariants, part) };
            mappings[i] = new(Hash(scratch, part), part);
        }

        var mappingIds = parts.InternMappings(mappings);

        var functionVariants = new Dictionary<FunctionPart, int>();
        var functions = new Hashed<FunctionPart>[profile.Functions.Count];
        for (var i = 0; i < functions.Length; i++)
        {
            var f = profile.Functions[i];
            var part = new FunctionPart(StringId(f.Name), StringId(f.SystemName), StringId(f.Filename), f.StartLine, 0);
            part = part with { Variant = NextVariant(functionVariants, part) };
            functions[i] = new(Hash(scratch, part), part);
        }

        var functionIds = parts.InternFunctions(functions);

        var locationVariants = new Dictionary<byte[], int>(BytesComparer.Instance);
        var locations = new Hashed<LocationPart>[profile.Locations.Count];
        for (var i = 0; i < locations.Length; i++)
        {
            var l = profile.Locations[i];
            scratch.Clear();
            foreach (var line in l.Lines)
            {
                scratch.Unsigned(line.FunctionIndex >= 0 ? (ulong)functionIds[line.FunctionIndex] : 0);
                scratch.Signed(line.Number);
                scratch.Signed(line.Column);
            }

            var part = new LocationPart(l.MappingIndex >= 0 ? mappingIds[l.MappingIndex] : 0, l.Address, l.IsFolded, 0, scratch.ToArray());
            Hash(scratch, part);
            part = part with { Variant = NextVariant(locationVariants, scratch.ToArray()) };
            locations[i] = new(Hash(scratch, part), part);
        }

        var locationIds = parts.InternLocations(locations);

        // Distinct stacks, in order of first use; each sample refers to one by its index in that list.
        var stackIndex = new Dictionary<byte[], int>(BytesComparer.Instance);
        var stackLookup = stackIndex.GetAlternateLookup<ReadOnlySpan<byte>>();
        var stacks = new List<Hashed<byte[]>>();
        var sampleStacks = new int[profile.SampleCount];
        for (var s = 0; s < sampleStacks.Length; s++)
        {
            scratch.Clear();
            long previous = 0;
            foreach (var location in profile.Stack(s))
            {
                scratch.Signed(locationIds[location] - previous);
                previous = locationIds[location];
            }

            if (!stackLookup.TryGetValue(scratch.Written, out var index))
            {
                index = stacks.Count;
                var blob = scratch.ToArray();
                stackIndex.Add(blob, index);
                stacks.Add(new(ContentHash.Of(blob), blob));
            }

            sampleStacks[s] = index;
        }

        var stackIds = parts.InternStacks(stacks);

        var tables = new VarintWriter(64 + (4 * (mappings.Length + functions.Length + locations.Length + stacks.Count)));
        WriteTable(tables, mappingIds, profile.Mappings, m => m.Id);
        WriteTable(tables, functionIds, profile.Functions, f => f.Id);
        WriteTable(tables, locationIds, profile.Locations, l => l.Id);
        WriteIds(tables, [.. labelStrings.Values.Select(StringId)]);
        WriteIds(tables, stackIds);

        var samples = new VarintWriter(16 + (profile.SampleCount * (2 + (2 * profile.SampleTypes.Count))));
        for (var s = 0; s < sampleStacks.Length; s++)
        {
            samples.Unsigned((ulong)sampleStacks[s]);
            foreach (var value in profile.Values(s))
            {
                samples.Signed(value);
            }

            var labels = profile.Labels(s);
            samples.Unsigned((ulong)labels.Length);
            foreach (var label in labels)
            {
                var key = (ulong)labelStrings.IndexOf(label.Key) << 2;
                if (label.Text is { } text)
                {
                    samples.Unsigned(key | TextLabel);
                    samples.Unsigned((ulong)labelStrings.IndexOf(text));
                }
                else if (label.NumberUnit is { } unit)
                {
                    samples.Unsigned(key | NumberWithUnitLabel);
                    samples.Signed(label.Number);
                    samples.Unsigned((ulong)labelStrings.IndexOf(unit));
                }
                else
                {
                    samples.Unsigned(key | NumberLabel);
                    samples.Signed(label.Number);
                }
            }
        }

        var header = profile.Header;
        return new EncodedSnapshot(
            SampleTypesJson(profile.SampleTypes),
            header.DefaultSampleType,
            header.PeriodType?.Type,
            header.PeriodType?.Unit,
            header.Period,
            header.DurationNanos,
            header.TimeNanos,
            JsonSerializer.Serialize(header.Comments, StoreJson.Default.IReadOnlyListString),
            header.DropFrames,
            header.KeepFrames,
            header.DocUrl,
            profile.SampleCount,
            Pack(tables),
            Pack(samples));
    }

    public static Profile Decode(EncodedSnapshot snapshot, IProfilePartStore parts, string source)
    {
        var tables = new VarintReader(Unpack(snapshot.Tables, source), source);
        var (mappingIds, mappingOwnIds) = ReadTable(ref tables);
        var (functionIds, functionOwnIds) = ReadTable(ref tables);
        var (locationIds, locationOwnIds) = ReadTable(ref tables);
        var labelStringIds = ReadIds(ref tables);
        var stackIds = ReadIds(ref tables);

        var mappings = parts.LoadMappings(mappingIds);
        var functions = parts.LoadFunctions(functionIds);
        var locations = parts.LoadLocations(locationIds);
        var stringIds = new HashSet<long>(labelStringIds);
        foreach (var m in mappings)
        {
            stringIds.Add(m.FileId);
            stringIds.Add(m.BuildIdId);
        }

        foreach (var f in functions)
        {
            stringIds.Add(f.NameId);
            stringIds.Add(f.SystemNameId);
            stringIds.Add(f.FilenameId);
        }

        var stringList = stringIds.ToArray();
        var stringValues = parts.LoadStrings(stringList);
        var strings = new Dictionary<long, string>(stringList.Length);
        for (var i = 0; i < stringList.Length; i++)
        {
            strings[stringList[i]] = stringValues[i];
        }

        var builder = new ProfileBuilder { Header = Header(snapshot) };
        foreach (var type in ReadSampleTypes(snapshot.SampleTypesJson))
        {
            builder.AddSampleType(type);
        }

        var mappingIndex = new Dictionary<long, int>(mappings.Length);
        for (var i = 0; i < mappings.Length; i++)
        {
            var m = mappings[i];
            mappingIndex[mappingIds[i]] = builder.AddMapping(new Mapping(
                mappingOwnIds[i], m.Start, m.Limit, m.Offset, strings[m.FileId], strings[m.BuildIdId],
                (m.Flags & HasFunctions) != 0, (m.Flags & HasFilenames) != 0, (m.Flags & HasLineNumbers) != 0, (m.Flags & HasInlineFrames) != 0));
        }

        var functionIndex = new Dictionary<long, int>(functions.Length);
        for (var i = 0; i < functions.Length; i++)
        {
            var f = functions[i];
            functionIndex[functionIds[i]] = builder.AddFunction(new Function(functionOwnIds[i], strings[f.NameId], strings[f.SystemNameId], strings[f.FilenameId], f.StartLine));
        }

        var locationIndex = new Dictionary<long, int>(locations.Length);
        var lines = new List<Line>();
        for (var i = 0; i < locations.Length; i++)
        {
            var l = locations[i];
            lines.Clear();
            var reader = new VarintReader(l.Lines, source);
            while (!reader.End)
            {
                var function = (long)reader.Unsigned();
                lines.Add(new Line(function == 0 ? -1 : Index(functionIndex, function, "function", source), reader.Signed(), reader.Signed()));
            }

            var mapping = l.MappingId == 0 ? -1 : Index(mappingIndex, l.MappingId, "mapping", source);
            locationIndex[locationIds[i]] = builder.AddLocation(new Location(locationOwnIds[i], mapping, l.Address, lines.Count == 0 ? [] : [.. lines], l.IsFolded));
        }

        var stacks = parts.LoadStacks(stackIds);
        var stackLocations = new int[stacks.Length][];
        var frames = new List<int>();
        for (var i = 0; i < stacks.Length; i++)
        {
            frames.Clear();
            var reader = new VarintReader(stacks[i], source);
            long previous = 0;
            while (!reader.End)
            {
                previous += reader.Signed();
                frames.Add(Index(locationIndex, previous, "location", source));
            }

            stackLocations[i] = [.. frames];
        }

        var labelStrings = Array.ConvertAll(labelStringIds, id => strings[id]);
        var values = new long[builder.SampleTypeCount];
        var labels = new List<Label>();
        var samples = new VarintReader(Unpack(snapshot.Samples, source), source);
        for (var s = 0; s < snapshot.SampleCount; s++)
        {
            var stack = samples.Unsigned();
            if (stack >= (ulong)stackLocations.Length)
            {
                throw new BadInputException(source, $"sample {s} refers to stack {stack} of {stackLocations.Length} (damaged store?)");
            }

            for (var v = 0; v < values.Length; v++)
            {
                values[v] = samples.Signed();
            }

            labels.Clear();
            var labelCount = samples.Count();
            for (var i = 0; i < labelCount; i++)
            {
                var head = samples.Unsigned();
                var key = Element(labelStrings, head >> 2, source);
                labels.Add((head & 3) switch
                {
                    TextLabel => new Label(key, Element(labelStrings, samples.Unsigned(), source), 0, null),
                    NumberLabel => new Label(key, null, samples.Signed(), null),
                    NumberWithUnitLabel => new Label(key, null, samples.Signed(), Element(labelStrings, samples.Unsigned(), source)),
                    _ => throw new BadInputException(source, $"sample {s} has a label of unknown kind {head & 3} (damaged store?)"),
                });
            }

            builder.AddSample(values, stackLocations[stack], System.Runtime.InteropServices.CollectionsMarshal.AsSpan(labels));
        }

        if (!samples.End)
        {
            throw new BadInputException(source, $"the samples blob holds more than the {snapshot.SampleCount} samples recorded (damaged store?)");
        }

        return builder.Build();
    }

    private static ProfileHeader Header(EncodedSnapshot snapshot) => new()
    {
        DropFrames = snapshot.DropFrames,
        KeepFrames = snapshot.KeepFrames,
        TimeNanos = snapshot.ProfileTimeNanos,
        DurationNanos = snapshot.DurationNanos,
        PeriodType = snapshot.PeriodType is { } type ? new GoMem.Profiles.ValueType(type, snapshot.PeriodUnit ?? "") : null,
        Period = snapshot.Period,
        Comments = JsonSerializer.Deserialize(snapshot.CommentsJson, StoreJson.Default.StringArray) ?? [],
        DefaultSampleType = snapshot.DefaultSampleType,
        DocUrl = snapshot.DocUrl,
    };

    /// <summary>Sample types as a JSON array of [type, unit] pairs, readable in SQL.</summary>
    public static string SampleTypesJson(IReadOnlyList<GoMem.Profiles.ValueType> types) =>
        JsonSerializer.Serialize([.. types.Select(t => new[] { t.Type, t.Unit })], StoreJson.Default.StringArrayArray);

    public static GoMem.Profiles.ValueType[] ReadSampleTypes(string json) =>
        [.. (JsonSerializer.Deserialize(json, StoreJson.Default.StringArrayArray) ?? []).Select(pair => new GoMem.Profiles.ValueType(pair[0], pair[1]))];

    private static int NextVariant<T>(Dictionary<T, int> seen, T content)
        where T : notnull
    {
        seen.TryGetValue(content, out var variant);
        seen[content] = variant + 1;
        return variant;
    }

    private static long Hash(VarintWriter scratch, MappingPart p)
    {
        scratch.Clear();
        scratch.Unsigned(p.Start);
        scratch.Unsigned(p.Limit);
        scratch.Unsigned(p.Offset);
        scratch.Unsigned((ulong)p.FileId);
        scratch.Unsigned((ulong)p.BuildIdId);
        scratch.Unsigned((ulong)p.Flags);
        scratch.Unsigned((ulong)p.Variant);
        return ContentHash.Of(scratch.Written);
    }

    private static long Hash(VarintWriter scratch, FunctionPart p)
    {
        scratch.Clear();
        scratch.Unsigned((ulong)p.NameId);
        scratch.Unsigned((ulong)p.SystemNameId);
        scratch.Unsigned((ulong)p.FilenameId);
        scratch.Signed(p.StartLine);
        scratch.Unsigned((ulong)p.Variant);
        return ContentHash.Of(scratch.Written);
    }

    private static long Hash(VarintWriter scratch, LocationPart p)
    {
        scratch.Clear();
        scratch.Unsigned((ulong)p.MappingId);
        scratch.Unsigned(p.Address);
        scratch.Unsigned(p.IsFolded ? 1UL : 0UL);
        scratch.Unsigned((ulong)p.Variant);
        scratch.Bytes(p.Lines);
        return ContentHash.Of(scratch.Written);
    }

    private static int Index(Dictionary<long, int> index, long partId, string what, string source) =>
        index.TryGetValue(partId, out var i) ? i : throw new BadInputException(source, $"a stored {what} part {partId} is not in the snapshot's tables (damaged store?)");

    private static string Element(string[] strings, ulong index, string source) =>
        index < (ulong)strings.Length ? strings[index] : throw new BadInputException(source, $"a stored label refers to string {index} of {strings.Length} (damaged store?)");
}
