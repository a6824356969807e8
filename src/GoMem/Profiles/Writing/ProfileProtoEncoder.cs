using System.IO.Compression;

namespace GoMem.Profiles.Writing;

/// <summary>
/// Writes a <see cref="Profile"/> as profile.proto, gzip-compressed (<c>.pb.gz</c>, what Go serves and pprof reads),
/// or uncompressed. Hand-written like the decoder: fields go straight from the profile's column arrays into a pooled
/// buffer flushed to the stream, message lengths are computed rather than buffered, and nothing is allocated per
/// sample. Decoding the output gives back an equal model (ids, order, every field), with the limits of the format:
/// a string label whose text is empty, and a numeric label whose value is 0 with no unit, are written but read back
/// as no label at all, as pprof itself does.
/// </summary>
/// <remarks>
/// Field order follows Go's encoder: sample types, samples, mappings, locations, functions, the string table, then
/// the header fields. Strings are interned as they are met, so the table comes after everything that refers to it
/// (readers resolve references at the end, as Go's runtime output already requires). Table ids are the profile's own
/// when they are all non-zero and distinct; otherwise every table entry is renumbered 1..n.
/// </remarks>
public static class ProfileProtoEncoder
{
    /// <summary>
    /// Writes <paramref name="profile"/> gzip-compressed to <paramref name="destination"/>, which is left open. The
    /// default level is the fastest, as the Go runtime's own profiles are.
    /// </summary>
    public static void Write(Profile profile, Stream destination, CompressionLevel level = CompressionLevel.Fastest)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(destination);
        using var gzip = new GZipStream(destination, level, leaveOpen: true);
        WriteUncompressed(profile, gzip);
    }

    /// <summary>Writes <paramref name="profile"/> as uncompressed profile.proto to <paramref name="destination"/>, which is left open.</summary>
    public static void WriteUncompressed(Profile profile, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(destination);
        using var output = new ProtoOutput(destination);
        new Writer(profile, output).Write();
        output.Flush();
    }

    /// <summary>The gzip-compressed profile as a byte array.</summary>
    public static byte[] ToArray(Profile profile, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var buffer = new MemoryStream();
        Write(profile, buffer, level);
        return buffer.ToArray();
    }

    private sealed class Writer(Profile profile, ProtoOutput output)
    {
        // profile.proto field numbers.
        private const int SampleTypeField = 1, SampleField = 2, MappingField = 3, LocationField = 4, FunctionField = 5, StringField = 6;
        private const int DropFramesField = 7, KeepFramesField = 8, TimeField = 9, DurationField = 10, PeriodTypeField = 11, PeriodField = 12;
        private const int CommentField = 13, DefaultSampleTypeField = 14, DocUrlField = 15;

        private readonly Dictionary<string, int> _stringIndex = new(StringComparer.Ordinal) { [""] = 0 };
        private readonly List<string> _strings = [""];
        private readonly ulong[] _locationIds = Ids(profile.Locations, l => l.Id);
        private readonly ulong[] _functionIds = Ids(profile.Functions, f => f.Id);
        private readonly ulong[] _mappingIds = Ids(profile.Mappings, m => m.Id);
        private int[] _labelSizes = new int[8];

        public void Write()
        {
            foreach (var type in profile.SampleTypes)
            {
                WriteValueType(SampleTypeField, type);
            }

            for (var s = 0; s < profile.SampleCount; s++)
            {
                WriteSample(s);
            }

            for (var i = 0; i < profile.Mappings.Count; i++)
            {
                WriteMapping(profile.Mappings[i], _mappingIds[i]);
            }

            for (var i = 0; i < profile.Locations.Count; i++)
            {
                WriteLocation(profile.Locations[i], _locationIds[i]);
            }

            for (var i = 0; i < profile.Functions.Count; i++)
            {
                WriteFunction(profile.Functions[i], _functionIds[i]);
            }

            // Every header string gets its index before the string table is written; the fields follow it.
            var header = profile.Header;
            var dropFrames = Intern(header.DropFrames);
            var keepFrames = Intern(header.KeepFrames);
            var defaultSampleType = Intern(header.DefaultSampleType);
            var docUrl = Intern(header.DocUrl);
            var periodType = header.PeriodType is { } pt ? (Type: Intern(pt.Type), Unit: Intern(pt.Unit)) : (Type: -1, Unit: -1);
            var comments = new int[header.Comments.Count];
            for (var i = 0; i < comments.Length; i++)
            {
                comments[i] = Intern(header.Comments[i]);
            }

            foreach (var value in _strings)
            {
                output.StringField(StringField, value);
            }

            output.VarintField(DropFramesField, (ulong)dropFrames);
            output.VarintField(KeepFramesField, (ulong)keepFrames);
            output.VarintField(TimeField, unchecked((ulong)header.TimeNanos));
            output.VarintField(DurationField, unchecked((ulong)header.DurationNanos));
            if (periodType.Type >= 0)
            {
                var length = ProtoOutput.VarintFieldSize(1, (ulong)periodType.Type) + ProtoOutput.VarintFieldSize(2, (ulong)periodType.Unit);
                output.LengthPrefix(PeriodTypeField, length);
                output.VarintField(1, (ulong)periodType.Type);
                output.VarintField(2, (ulong)periodType.Unit);
            }

            output.VarintField(PeriodField, unchecked((ulong)header.Period));
            foreach (var comment in comments)
            {
                // One varint field per comment, as Go writes short lists (readers accept this and the packed form).
                output.Tag(CommentField, ProtoOutput.VarintWire);
                output.Varint((ulong)comment);
            }

            output.VarintField(DefaultSampleTypeField, (ulong)defaultSampleType);
            output.VarintField(DocUrlField, (ulong)docUrl);
        }

        private void WriteValueType(int field, ValueType type)
        {
            var typeIndex = (ulong)Intern(type.Type);
            var unitIndex = (ulong)Intern(type.Unit);
            output.LengthPrefix(field, ProtoOutput.VarintFieldSize(1, typeIndex) + ProtoOutput.VarintFieldSize(2, unitIndex));
            output.VarintField(1, typeIndex);
            output.VarintField(2, unitIndex);
        }

        private void WriteSample(int s)
        {
            var stack = profile.Stack(s);
            var values = profile.Values(s);
            var labels = profile.Labels(s);

            var stackLength = 0;
            foreach (var location in stack)
            {
                stackLength += ProtoOutput.VarintSize(_locationIds[location]);
            }

            var valuesLength = 0;
            foreach (var value in values)
            {
                valuesLength += ProtoOutput.VarintSize(unchecked((ulong)value));
            }

            if (_labelSizes.Length < labels.Length)
            {
                _labelSizes = new int[Math.Max(labels.Length, _labelSizes.Length * 2)];
            }

            var length = (stack.Length > 0 ? ProtoOutput.LengthFieldSize(1, stackLength) : 0) + (values.Length > 0 ? ProtoOutput.LengthFieldSize(2, valuesLength) : 0);
            for (var i = 0; i < labels.Length; i++)
            {
                _labelSizes[i] = LabelSize(labels[i]);
                length += ProtoOutput.LengthFieldSize(3, _labelSizes[i]);
            }

            output.LengthPrefix(SampleField, length);
            if (stack.Length > 0)
            {
                output.LengthPrefix(1, stackLength);
                foreach (var location in stack)
                {
                    output.Varint(_locationIds[location]);
                }
            }

            if (values.Length > 0)
            {
                output.LengthPrefix(2, valuesLength);
                foreach (var value in values)
                {
                    output.Varint(unchecked((ulong)value));
                }
            }

            for (var i = 0; i < labels.Length; i++)
            {
                var label = labels[i];
                output.LengthPrefix(3, _labelSizes[i]);
                output.VarintField(1, (ulong)Intern(label.Key));
                if (label.Text is { } text)
                {
                    output.VarintField(2, (ulong)Intern(text));
                }
                else
                {
                    output.VarintField(3, unchecked((ulong)label.Number));
                    output.VarintField(4, label.NumberUnit is { } unit ? (ulong)Intern(unit) : 0);
                }
            }
        }

        private int LabelSize(Label label)
        {
            var size = ProtoOutput.VarintFieldSize(1, (ulong)Intern(label.Key));
            if (label.Text is { } text)
            {
                return size + ProtoOutput.VarintFieldSize(2, (ulong)Intern(text));
            }

            size += ProtoOutput.VarintFieldSize(3, unchecked((ulong)label.Number));
            return size + (label.NumberUnit is { } unit ? ProtoOutput.VarintFieldSize(4, (ulong)Intern(unit)) : 0);
        }

        private void WriteMapping(Mapping m, ulong id)
        {
            var file = (ulong)Intern(m.File);
            var buildId = (ulong)Intern(m.BuildId);
            var length = ProtoOutput.VarintFieldSize(1, id) + ProtoOutput.VarintFieldSize(2, m.Start) + ProtoOutput.VarintFieldSize(3, m.Limit)
                + ProtoOutput.VarintFieldSize(4, m.Offset) + ProtoOutput.VarintFieldSize(5, file) + ProtoOutput.VarintFieldSize(6, buildId)
                + ProtoOutput.VarintFieldSize(7, Flag(m.HasFunctions)) + ProtoOutput.VarintFieldSize(8, Flag(m.HasFilenames))
                + ProtoOutput.VarintFieldSize(9, Flag(m.HasLineNumbers)) + ProtoOutput.VarintFieldSize(10, Flag(m.HasInlineFrames));
            output.LengthPrefix(MappingField, length);
            output.VarintField(1, id);
            output.VarintField(2, m.Start);
            output.VarintField(3, m.Limit);
            output.VarintField(4, m.Offset);
            output.VarintField(5, file);
            output.VarintField(6, buildId);
            output.VarintField(7, Flag(m.HasFunctions));
            output.VarintField(8, Flag(m.HasFilenames));
            output.VarintField(9, Flag(m.HasLineNumbers));
            output.VarintField(10, Flag(m.HasInlineFrames));
        }

        private void WriteLocation(Location location, ulong id)
        {
            var mappingId = location.MappingIndex >= 0 ? _mappingIds[location.MappingIndex] : 0;
            var length = ProtoOutput.VarintFieldSize(1, id) + ProtoOutput.VarintFieldSize(2, mappingId) + ProtoOutput.VarintFieldSize(3, location.Address)
                + ProtoOutput.VarintFieldSize(5, Flag(location.IsFolded));
            foreach (var line in location.Lines)
            {
                length += ProtoOutput.LengthFieldSize(4, LineSize(line));
            }

            output.LengthPrefix(LocationField, length);
            output.VarintField(1, id);
            output.VarintField(2, mappingId);
            output.VarintField(3, location.Address);
            foreach (var line in location.Lines)
            {
                output.LengthPrefix(4, LineSize(line));
                output.VarintField(1, FunctionId(line));
                output.VarintField(2, unchecked((ulong)line.Number));
                output.VarintField(3, unchecked((ulong)line.Column));
            }

            output.VarintField(5, Flag(location.IsFolded));
        }

        private int LineSize(Line line) =>
            ProtoOutput.VarintFieldSize(1, FunctionId(line)) + ProtoOutput.VarintFieldSize(2, unchecked((ulong)line.Number)) + ProtoOutput.VarintFieldSize(3, unchecked((ulong)line.Column));

        private ulong FunctionId(Line line) => line.FunctionIndex >= 0 ? _functionIds[line.FunctionIndex] : 0;

        private void WriteFunction(Function function, ulong id)
        {
            var name = (ulong)Intern(function.Name);
            var systemName = (ulong)Intern(function.SystemName);
            var filename = (ulong)Intern(function.Filename);
            var startLine = unchecked((ulong)function.StartLine);
            var length = ProtoOutput.VarintFieldSize(1, id) + ProtoOutput.VarintFieldSize(2, name) + ProtoOutput.VarintFieldSize(3, systemName)
                + ProtoOutput.VarintFieldSize(4, filename) + ProtoOutput.VarintFieldSize(5, startLine);
            output.LengthPrefix(FunctionField, length);
            output.VarintField(1, id);
            output.VarintField(2, name);
            output.VarintField(3, systemName);
            output.VarintField(4, filename);
            output.VarintField(5, startLine);
        }

        private int Intern(string value)
        {
            if (!_stringIndex.TryGetValue(value, out var index))
            {
                index = _strings.Count;
                _stringIndex.Add(value, index);
                _strings.Add(value);
            }

            return index;
        }

        private static ulong Flag(bool value) => value ? 1UL : 0UL;

        /// <summary>The entries' own ids when all are non-zero and distinct (profile.proto needs both), else 1..n.</summary>
        private static ulong[] Ids<T>(IReadOnlyList<T> entries, Func<T, ulong> id)
        {
            var ids = new ulong[entries.Count];
            var sequential = true;
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = id(entries[i]);
                sequential &= ids[i] == (ulong)i + 1;
            }

            if (sequential || (!ids.Contains(0UL) && new HashSet<ulong>(ids).Count == ids.Length))
            {
                return ids;
            }

            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = (ulong)i + 1;
            }

            return ids;
        }
    }
}
