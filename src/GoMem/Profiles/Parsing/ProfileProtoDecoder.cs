using System.Runtime.CompilerServices;
using System.Text;
using GoMem.IO;

namespace GoMem.Profiles.Parsing;

/// <summary>
/// Hand-written, streaming decoder for profile.proto. Top-level fields are read one at a time from the stream
/// into a reusable buffer, so memory holds the decoded tables plus the largest single message, never the whole
/// file. Cross references (string indexes, location/function/mapping ids) are resolved once at the end, because
/// the Go runtime writes samples before the locations and strings they refer to.
/// </summary>
/// <remarks>
/// Samples dominate real profiles (hundreds of thousands of them, each a few dozen bytes), so they are not decoded
/// into wide intermediate tables: each sample message is validated and counted when it is read, its bytes are kept
/// as they are (the varints are about eight times smaller than decoded 64-bit ids and values), and
/// <see cref="Resolve"/> decodes them a second time straight into the profile's exactly sized arrays.
/// Longer than 400 lines on purpose: the field loops of each message share the buffer, the varint readers and the
/// limits of one decoder instance, and the hot paths are easier to keep allocation-free when read in one place.
/// </remarks>
internal sealed class ProfileProtoDecoder
{
    private readonly Stream _stream;
    private readonly string _source;
    private readonly InputLimits _limits;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private long _bufferBase;
    private bool _eof;

    private GrowableArray<RawValueType> _sampleTypes = new(4);
    private readonly SampleStore _samples = new();
    private int _sampleCount;
    private long _stackEntries;
    private long _labelCount;
    private long _firstSampleOffset;
    private long _lastSampleOffset;
    private int _firstValueCount = -1;
    private int _otherValueCountSample = -1;
    private int _otherValueCount;
    private long _otherValueCountOffset;
    private GrowableArray<RawMapping> _mappings = new(8);
    private GrowableArray<RawLocation> _locations = new(256);
    private GrowableArray<RawLine> _lines = new(256);
    private GrowableArray<RawFunction> _functions = new(256);
    private readonly List<string> _strings = [];
    private GrowableArray<ulong> _comments = new(4);
    private RawValueType? _periodType;
    private long _dropFrames, _keepFrames, _timeNanos, _durationNanos, _period, _defaultSampleType, _docUrl;

    private ProfileProtoDecoder(Stream stream, string source, InputLimits limits)
    {
        _stream = stream;
        _source = source;
        _limits = limits;
    }

    private long Offset => _bufferBase + _start;

    public static Profile Decode(Stream stream, string source, InputLimits? limits = null)
    {
        var decoder = new ProfileProtoDecoder(stream, source, limits ?? InputLimits.Default);
        decoder.ReadTopLevel();
        return decoder.Resolve();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadTopLevel()
    {
        while (EnsureAvailable(1))
        {
            var tagOffset = Offset;
            var key = ReadTopLevelVarint();
            var field = (int)Math.Min(key >> 3, int.MaxValue);
            var wireType = (int)(key & 7);
            if (field == 0)
            {
                throw Bad("invalid protobuf field number 0 (not a profile.proto file?)", tagOffset);
            }

            switch (wireType)
            {
                case 0:
                    ReadTopLevelScalar(field, ReadTopLevelVarint(), tagOffset);
                    break;
                case 1:
                    SkipTopLevel(8, tagOffset);
                    break;
                case 2:
                    var lengthOffset = Offset;
                    var length = ReadTopLevelVarint();
                    if (length > (ulong)Math.Min(int.MaxValue, _limits.MaxInflatedBytes))
                    {
                        throw Bad($"field length {length} is larger than any valid profile", lengthOffset);
                    }

                    if (!EnsureAvailable((int)length))
                    {
                        throw Bad($"field of length {length} runs off the end of the input ({_end - _start} bytes remain; truncated file?)", lengthOffset);
                    }

                    var messageOffset = Offset;
                    var message = _buffer.AsSpan(_start, (int)length);
                    _start += (int)length;
                    ReadTopLevelMessage(field, message, messageOffset);
                    break;
                case 5:
                    SkipTopLevel(4, tagOffset);
                    break;
                default:
                    throw Bad($"unsupported protobuf wire type {wireType} (not a profile.proto file?)", tagOffset);
            }
        }
    }

    private void ReadTopLevelScalar(int field, ulong value, long offset)
    {
        var signed = unchecked((long)value);
        switch (field)
        {
            case 7: _dropFrames = signed; break;
            case 8: _keepFrames = signed; break;
            case 9: _timeNanos = signed; break;
            case 10: _durationNanos = signed; break;
            case 12: _period = signed; break;
            case 13: _comments.Add(value); break;
            case 14: _defaultSampleType = signed; break;
            case 15: _docUrl = signed; break;
            case 1 or 2 or 3 or 4 or 5 or 6 or 11:
                throw Bad($"field {field} must be a message, found a varint (not a profile.proto file?)", offset);
            default: break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadTopLevelMessage(int field, ReadOnlySpan<byte> message, long offset)
    {
        switch (field)
        {
            case 1: _sampleTypes.Add(ReadValueType(message, offset)); break;
            case 2: ReadSample(message, offset); break;
            case 3: ReadMapping(message, offset); break;
            case 4: ReadLocation(message, offset); break;
            case 5: ReadFunction(message, offset); break;
            case 6:
                CheckCount(_strings.Count, "strings", offset);
                // Go's strings are bytes: names that are not UTF-8 keep their bytes (pprof prints them as they are).
                _strings.Add(ByteStrings.Decode(message));
                break;
            case 11: _periodType = ReadValueType(message, offset); break;
            case 13:
                var packed = new ProtoSpanReader(message, offset, _source);
                while (!packed.End)
                {
                    _comments.Add(packed.ReadVarint());
                }

                break;
            case 7 or 8 or 9 or 10 or 12 or 14 or 15:
                throw Bad($"field {field} must be a varint, found bytes (not a profile.proto file?)", offset);
            default: break;
        }
    }

    private RawValueType ReadValueType(ReadOnlySpan<byte> message, long offset)
    {
        var reader = new ProtoSpanReader(message, offset, _source);
        long type = 0, unit = 0;
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: type = (long)reader.ReadVarintField(wire); break;
                case 2: unit = (long)reader.ReadVarintField(wire); break;
                default: reader.Skip(wire); break;
            }
        }

        return new RawValueType(type, unit, offset);
    }

    /// <summary>Validates a sample and counts its frames, values and labels; its bytes are decoded in <see cref="Resolve"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadSample(ReadOnlySpan<byte> message, long offset)
    {
        CheckCount(_sampleCount, "samples", offset);
        var reader = new ProtoSpanReader(message, offset, _source);
        var values = 0;
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: _stackEntries += reader.CountRepeatedVarints(wire); break;
                case 2: values += reader.CountRepeatedVarints(wire); break;
                case 3:
                    if (wire != 2)
                    {
                        throw Bad("sample label must be a message", reader.Offset);
                    }

                    ReadLabel(reader.ReadLengthDelimited(out var labelOffset), labelOffset);
                    _labelCount++;
                    break;
                default: reader.Skip(wire); break;
            }
        }

        if (_stackEntries > _limits.MaxStackEntries)
        {
            throw Bad($"more than {_limits.MaxStackEntries} stack frames in all samples (limit)", offset);
        }

        // Every sample must have one value per sample type, but the types may come later in the file: remember the
        // first count seen and the first sample that differs from it, which is enough to name the first bad sample.
        if (_firstValueCount < 0)
        {
            _firstValueCount = values;
            _firstSampleOffset = offset;
            _lastSampleOffset = offset;
        }
        else if (values != _firstValueCount && _otherValueCountSample < 0)
        {
            _otherValueCountSample = _sampleCount;
            _otherValueCount = values;
            _otherValueCountOffset = offset;
        }

        _samples.Add(offset - _lastSampleOffset, message);
        _lastSampleOffset = offset;
        _sampleCount++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private RawLabel ReadLabel(ReadOnlySpan<byte> message, long offset)
    {
        var reader = new ProtoSpanReader(message, offset, _source);
        long key = 0, str = 0, num = 0, unit = 0;
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: key = (long)reader.ReadVarintField(wire); break;
                case 2: str = (long)reader.ReadVarintField(wire); break;
                case 3: num = (long)reader.ReadVarintField(wire); break;
                case 4: unit = (long)reader.ReadVarintField(wire); break;
                default: reader.Skip(wire); break;
            }
        }

        return new RawLabel(key, str, num, unit, offset);
    }

    private void ReadMapping(ReadOnlySpan<byte> message, long offset)
    {
        CheckCount(_mappings.Count, "mappings", offset);
        var reader = new ProtoSpanReader(message, offset, _source);
        var m = new RawMapping { Offset = offset };
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: m.Id = reader.ReadVarintField(wire); break;
                case 2: m.Start = reader.ReadVarintField(wire); break;
                case 3: m.Limit = reader.ReadVarintField(wire); break;
                case 4: m.FileOffset = reader.ReadVarintField(wire); break;
                case 5: m.File = (long)reader.ReadVarintField(wire); break;
                case 6: m.BuildId = (long)reader.ReadVarintField(wire); break;
                case 7: m.HasFunctions = reader.ReadVarintField(wire) != 0; break;
                case 8: m.HasFilenames = reader.ReadVarintField(wire) != 0; break;
                case 9: m.HasLineNumbers = reader.ReadVarintField(wire) != 0; break;
                case 10: m.HasInlineFrames = reader.ReadVarintField(wire) != 0; break;
                default: reader.Skip(wire); break;
            }
        }

        _mappings.Add(m);
    }

    private void ReadLocation(ReadOnlySpan<byte> message, long offset)
    {
        CheckCount(_locations.Count, "locations", offset);
        var reader = new ProtoSpanReader(message, offset, _source);
        var location = new RawLocation { Offset = offset, LineStart = _lines.Count };
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: location.Id = reader.ReadVarintField(wire); break;
                case 2: location.MappingId = reader.ReadVarintField(wire); break;
                case 3: location.Address = reader.ReadVarintField(wire); break;
                case 4:
                    if (wire != 2)
                    {
                        throw Bad("location line must be a message", reader.Offset);
                    }

                    _lines.Add(ReadLine(reader.ReadLengthDelimited(out var lineOffset), lineOffset));
                    CheckCount(_lines.Count, "location lines", lineOffset);
                    break;
                case 5: location.IsFolded = reader.ReadVarintField(wire) != 0; break;
                default: reader.Skip(wire); break;
            }
        }

        location.LineEnd = _lines.Count;
        _locations.Add(location);
    }

    private RawLine ReadLine(ReadOnlySpan<byte> message, long offset)
    {
        var reader = new ProtoSpanReader(message, offset, _source);
        var line = new RawLine { Offset = offset };
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: line.FunctionId = reader.ReadVarintField(wire); break;
                case 2: line.Line = (long)reader.ReadVarintField(wire); break;
                case 3: line.Column = (long)reader.ReadVarintField(wire); break;
                default: reader.Skip(wire); break;
            }
        }

        return line;
    }

    private void ReadFunction(ReadOnlySpan<byte> message, long offset)
    {
        CheckCount(_functions.Count, "functions", offset);
        var reader = new ProtoSpanReader(message, offset, _source);
        var function = new RawFunction { Offset = offset };
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: function.Id = reader.ReadVarintField(wire); break;
                case 2: function.Name = (long)reader.ReadVarintField(wire); break;
                case 3: function.SystemName = (long)reader.ReadVarintField(wire); break;
                case 4: function.Filename = (long)reader.ReadVarintField(wire); break;
                case 5: function.StartLine = (long)reader.ReadVarintField(wire); break;
                default: reader.Skip(wire); break;
            }
        }

        _functions.Add(function);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Profile Resolve()
    {
        var strings = _strings.ToArray();
        if (strings.Length == 0 && _sampleCount == 0 && _sampleTypes.Count == 0)
        {
            throw Bad("the input holds no profile data", 0);
        }

        if (strings.Length == 0 || strings[0].Length != 0)
        {
            throw Bad("string table entry 0 must be empty (not a profile.proto file?)", 0);
        }

        var sampleTypes = new ValueType[_sampleTypes.Count];
        for (var i = 0; i < sampleTypes.Length; i++)
        {
            sampleTypes[i] = ToValueType(_sampleTypes[i], strings);
        }

        var mappings = new Mapping[_mappings.Count];
        var mappingIndex = new IdIndex(_mappings.Count);
        for (var i = 0; i < mappings.Length; i++)
        {
            var m = _mappings[i];
            CheckId(m.Id, "mapping", m.Offset);
            if (!mappingIndex.TryAdd(m.Id, i))
            {
                throw Bad($"mapping id {m.Id} is defined twice", m.Offset);
            }

            mappings[i] = new Mapping(m.Id, m.Start, m.Limit, m.FileOffset, Str(strings, m.File, m.Offset), Str(strings, m.BuildId, m.Offset), m.HasFunctions, m.HasFilenames, m.HasLineNumbers, m.HasInlineFrames);
        }

        var functions = new Function[_functions.Count];
        var functionIndex = new IdIndex(_functions.Count);
        for (var i = 0; i < functions.Length; i++)
        {
            var f = _functions[i];
            CheckId(f.Id, "function", f.Offset);
            if (!functionIndex.TryAdd(f.Id, i))
            {
                throw Bad($"function id {f.Id} is defined twice", f.Offset);
            }

            functions[i] = new Function(f.Id, Str(strings, f.Name, f.Offset), Str(strings, f.SystemName, f.Offset), Str(strings, f.Filename, f.Offset), f.StartLine);
        }

        var locations = new Location[_locations.Count];
        var locationIndex = new IdIndex(_locations.Count);
        for (var i = 0; i < locations.Length; i++)
        {
            var l = _locations[i];
            CheckId(l.Id, "location", l.Offset);
            if (!locationIndex.TryAdd(l.Id, i))
            {
                throw Bad($"location id {l.Id} is defined twice", l.Offset);
            }

            var lines = l.LineEnd == l.LineStart ? [] : new Line[l.LineEnd - l.LineStart];
            for (var j = 0; j < lines.Length; j++)
            {
                var raw = _lines[l.LineStart + j];
                if (!functionIndex.TryGet(raw.FunctionId, out var function))
                {
                    throw Bad($"location id {l.Id} has a line that refers to function id {raw.FunctionId}, which the profile does not define", raw.Offset);
                }

                lines[j] = new Line(function, raw.Line, raw.Column);
            }

            var mapping = -1;
            if (l.MappingId != 0 && !mappingIndex.TryGet(l.MappingId, out mapping))
            {
                // pprof tolerates a dangling mapping id (the location simply has no mapping).
                mapping = -1;
            }

            locations[i] = new Location(l.Id, mapping, l.Address, lines, l.IsFolded);
        }

        var sampleCount = _sampleCount;
        var typeCount = sampleTypes.Length;
        if (typeCount == 0 && sampleCount > 0)
        {
            throw Bad("the profile has samples but no sample types", _firstSampleOffset);
        }

        // The first sample whose value count is not the number of sample types, if any (see ReadSample).
        var badValues = (Sample: -1, Count: 0, Offset: 0L);
        if (sampleCount > 0 && _firstValueCount != typeCount)
        {
            badValues = (0, _firstValueCount, _firstSampleOffset);
        }
        else if (_otherValueCountSample >= 0)
        {
            badValues = (_otherValueCountSample, _otherValueCount, _otherValueCountOffset);
        }

        if (_stackEntries > Array.MaxLength || _labelCount > Array.MaxLength || (long)sampleCount * typeCount > Array.MaxLength)
        {
            throw Bad("the samples hold more frames, values or labels than one array can", _lastSampleOffset);
        }

        var samples = new SampleArrays(sampleCount, typeCount, (int)_stackEntries, (int)_labelCount);
        var cursor = _samples.GetCursor();
        var sampleOffset = _firstSampleOffset;
        for (var s = 0; s < sampleCount; s++)
        {
            var message = cursor.Next(out var offsetDelta);
            sampleOffset += offsetDelta;
            if (s == badValues.Sample)
            {
                throw Bad($"sample {s} has {badValues.Count} values but the profile declares {typeCount} sample types", badValues.Offset);
            }

            FillSample(message, sampleOffset, s, samples, locationIndex, strings);
        }

        // pprof resolves labels after stacks, so a bad label is reported only when every stack was fine.
        if (samples.LabelError is { } labelError)
        {
            throw labelError;
        }

        var header = new ProfileHeader
        {
            DropFrames = Str(strings, _dropFrames, 0),
            KeepFrames = Str(strings, _keepFrames, 0),
            TimeNanos = _timeNanos,
            DurationNanos = _durationNanos,
            PeriodType = _periodType is { } pt ? ToValueType(pt, strings) : null,
            Period = _period,
            Comments = ResolveComments(strings),
            DefaultSampleType = Str(strings, _defaultSampleType, 0),
            DocUrl = Str(strings, _docUrl, 0),
        };

        var labels = samples.LabelsWritten == samples.Labels.Length ? samples.Labels : samples.Labels[..samples.LabelsWritten];
        return new Profile(header, sampleTypes, mappings, locations, functions, samples.Values, samples.StackStarts, samples.Stacks, samples.LabelStarts, labels);
    }

    /// <summary>Decodes a sample validated by <see cref="ReadSample"/> into the profile's arrays.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillSample(ReadOnlySpan<byte> message, long offset, int s, SampleArrays samples, IdIndex locationIndex, string[] strings)
    {
        var reader = new ProtoSpanReader(message, offset, _source);
        var stacks = samples.Stacks;
        var values = samples.Values;
        var stackEnd = samples.StackStarts[s];
        var valueEnd = s * samples.TypeCount;
        samples.LabelStarts[s] = samples.LabelsWritten;
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    if (wire == 0)
                    {
                        var id = reader.ReadVarint();
                        if (!locationIndex.TryGet(id, out stacks[stackEnd++]))
                        {
                            throw MissingLocation(id, s, offset);
                        }

                        break;
                    }

                    var packedIds = new ProtoSpanReader(reader.ReadLengthDelimited(out var idsOffset), idsOffset, _source);
                    while (!packedIds.End)
                    {
                        var id = packedIds.ReadVarint();
                        if (!locationIndex.TryGet(id, out stacks[stackEnd++]))
                        {
                            throw MissingLocation(id, s, offset);
                        }
                    }

                    break;
                case 2:
                    if (wire == 0)
                    {
                        values[valueEnd++] = unchecked((long)reader.ReadVarint());
                        break;
                    }

                    var packedValues = new ProtoSpanReader(reader.ReadLengthDelimited(out var valuesOffset), valuesOffset, _source);
                    while (!packedValues.End)
                    {
                        values[valueEnd++] = unchecked((long)packedValues.ReadVarint());
                    }

                    break;
                case 3:
                    var raw = ReadLabel(reader.ReadLengthDelimited(out var labelOffset), labelOffset);
                    if (samples.LabelError is null)
                    {
                        AddLabel(raw, strings, samples);
                    }

                    break;
                default: reader.Skip(wire); break;
            }
        }

        samples.StackStarts[s + 1] = stackEnd;
        samples.LabelStarts[s + 1] = samples.LabelsWritten;
    }

    private BadInputException MissingLocation(ulong id, int s, long sampleOffset) =>
        Bad($"sample {s} refers to location id {id}, which the profile does not define", sampleOffset);

    /// <summary>Resolves a label, dropping the empty ones as pprof does (no string value, no number, no unit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddLabel(RawLabel raw, string[] strings, SampleArrays samples)
    {
        if ((ulong)raw.Key >= (ulong)strings.Length || (raw.Str != 0 && (ulong)raw.Str >= (ulong)strings.Length) || (raw.Str == 0 && raw.Unit != 0 && (ulong)raw.Unit >= (ulong)strings.Length))
        {
            var bad = (ulong)raw.Key >= (ulong)strings.Length ? raw.Key : raw.Str != 0 ? raw.Str : raw.Unit;
            samples.LabelError = Bad($"string index {bad} is out of range (the string table has {strings.Length} entries)", raw.Offset);
            return;
        }

        var key = strings[raw.Key];
        if (raw.Str != 0)
        {
            samples.Labels[samples.LabelsWritten++] = new Label(key, strings[raw.Str], 0, null);
        }
        else if (raw.Num != 0 || raw.Unit != 0)
        {
            var unit = raw.Unit != 0 ? strings[raw.Unit] : null;
            samples.Labels[samples.LabelsWritten++] = new Label(key, null, raw.Num, unit);
        }
    }

    private string[] ResolveComments(string[] strings)
    {
        var comments = new string[_comments.Count];
        for (var i = 0; i < comments.Length; i++)
        {
            comments[i] = Str(strings, (long)_comments[i], 0);
        }

        return comments;
    }

    private ValueType ToValueType(RawValueType raw, string[] strings) =>
        new(Str(strings, raw.Type, raw.Offset), Str(strings, raw.Unit, raw.Offset));

    private string Str(string[] strings, long index, long offset)
    {
        if ((ulong)index >= (ulong)strings.Length)
        {
            throw Bad($"string index {index} is out of range (the string table has {strings.Length} entries)", offset);
        }

        return strings[index];
    }

    private void CheckId(ulong id, string what, long offset)
    {
        if (id == 0)
        {
            throw Bad($"{what} with reserved id 0", offset);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckCount(int count, string what, long offset)
    {
        if (count >= _limits.MaxTableEntries)
        {
            throw TooMany(what, offset);
        }
    }

    private BadInputException TooMany(string what, long offset) => Bad($"more than {_limits.MaxTableEntries} {what} (limit)", offset);

    private BadInputException Bad(string problem, long offset) => new(_source, problem, offset);

    // ---- buffered stream access ----

    /// <summary>Makes at least <paramref name="count"/> bytes available; false at end of input. Grows by doubling, so memory follows the data actually present, not a claimed length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool EnsureAvailable(int count)
    {
        while (_end - _start < count)
        {
            if (_eof)
            {
                return false;
            }

            if (_end == _buffer.Length)
            {
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _bufferBase += _start;
                    _end -= _start;
                    _start = 0;
                }
                else
                {
                    var grown = (int)Math.Min(Math.Max((long)_buffer.Length * 2, 1 << 16), Array.MaxLength);
                    Array.Resize(ref _buffer, grown);
                }

                continue;
            }

            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong ReadTopLevelVarint()
    {
        if (_start < _end && _buffer[_start] < 0x80)
        {
            return _buffer[_start++];
        }

        return ReadTopLevelLongVarint();
    }

    private ulong ReadTopLevelLongVarint()
    {
        var offset = Offset;
        EnsureAvailable(10);
        var reader = new ProtoSpanReader(_buffer.AsSpan(_start, Math.Min(10, _end - _start)), offset, _source);
        ulong value;
        try
        {
            value = reader.ReadVarint();
        }
        catch (BadInputException) when (_end - _start < 10)
        {
            throw Bad("varint runs off the end of the input (truncated file?)", offset);
        }

        _start += (int)(reader.Offset - offset);
        return value;
    }

    private void SkipTopLevel(int count, long offset)
    {
        if (!EnsureAvailable(count))
        {
            throw Bad("fixed-size field runs off the end of the input", offset);
        }

        _start += count;
    }

    private readonly record struct RawValueType(long Type, long Unit, long Offset);

    private readonly record struct RawLabel(long Key, long Str, long Num, long Unit, long Offset);

    /// <summary>
    /// The profile's sample columns, sized exactly from the counts taken while reading. The numeric arrays are
    /// written in full by <see cref="FillSample"/>, so they skip the GC's zeroing (the stack-start sentinel is set here).
    /// </summary>
    private sealed class SampleArrays(int sampleCount, int typeCount, int stackEntries, int labelCount)
    {
        public int TypeCount { get; } = typeCount;

        public long[] Values { get; } = GC.AllocateUninitializedArray<long>(sampleCount * typeCount);

        public int[] StackStarts { get; } = StartsArray(sampleCount + 1);

        public int[] Stacks { get; } = GC.AllocateUninitializedArray<int>(stackEntries);

        public int[] LabelStarts { get; } = StartsArray(sampleCount + 1);

        public Label[] Labels { get; } = labelCount == 0 ? [] : new Label[labelCount];

        public int LabelsWritten { get; set; }

        /// <summary>The first bad label, thrown once every stack has been resolved.</summary>
        public BadInputException? LabelError { get; set; }

        private static int[] StartsArray(int length)
        {
            var starts = GC.AllocateUninitializedArray<int>(length);
            starts[0] = 0;
            return starts;
        }
    }

    /// <summary>
    /// Sample messages as read, each as a record [varint offset delta][varint length][bytes], in chunks that grow
    /// up to 64 KiB so nothing is copied as the store grows and little is left unused. 64 KiB, not more: a larger
    /// chunk goes to the large-object heap, which only a full collection frees, so a collector parsing a hundred
    /// profiles a minute would pile them up between full collections (23 MiB of them in one heap dump at 1,000
    /// targets); a big profile just has more chunks.
    /// </summary>
    private sealed class SampleStore
    {
        private const int FirstChunk = 1 << 12;
        private const int LargestChunk = 1 << 16;

        private readonly List<byte[]> _chunks = [];
        private readonly List<int> _used = [];
        private byte[] _current = [];
        private int _position;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(long offsetDelta, ReadOnlySpan<byte> message)
        {
            var size = message.Length + 20;
            if (_current.Length - _position < size)
            {
                if (_chunks.Count > 0)
                {
                    _used[^1] = _position;
                }

                var next = (int)Math.Min(Math.Max(Math.Min((long)_current.Length * 2, LargestChunk), Math.Max(FirstChunk, size)), Array.MaxLength);
                _current = new byte[next];
                _position = 0;
                _chunks.Add(_current);
                _used.Add(0);
            }

            _position += WriteVarint(_current.AsSpan(_position), (ulong)offsetDelta);
            _position += WriteVarint(_current.AsSpan(_position), (ulong)message.Length);
            message.CopyTo(_current.AsSpan(_position));
            _position += message.Length;
        }

        public Cursor GetCursor()
        {
            if (_chunks.Count > 0)
            {
                _used[^1] = _position;
            }

            return new Cursor(this);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int WriteVarint(Span<byte> destination, ulong value)
        {
            var i = 0;
            while (value >= 0x80)
            {
                destination[i++] = (byte)(value | 0x80);
                value >>= 7;
            }

            destination[i++] = (byte)value;
            return i;
        }

        /// <summary>Reads the records back in order (they were validated when added).</summary>
        public struct Cursor(SampleStore store)
        {
            private int _chunk;
            private int _position;

            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public ReadOnlySpan<byte> Next(out long offsetDelta)
            {
                while (_position >= store._used[_chunk])
                {
                    _chunk++;
                    _position = 0;
                }

                var data = store._chunks[_chunk];
                offsetDelta = (long)ReadVarint(data, ref _position);
                var length = (int)ReadVarint(data, ref _position);
                var message = data.AsSpan(_position, length);
                _position += length;
                return message;
            }

            private static ulong ReadVarint(byte[] data, ref int position)
            {
                ulong result = 0;
                for (var shift = 0; ; shift += 7)
                {
                    var b = data[position++];
                    result |= (ulong)(b & 0x7f) << shift;
                    if (b < 0x80)
                    {
                        return result;
                    }
                }
            }
        }
    }

    private struct RawMapping
    {
        public ulong Id, Start, Limit, FileOffset;
        public long File, BuildId, Offset;
        public bool HasFunctions, HasFilenames, HasLineNumbers, HasInlineFrames;
    }

    private struct RawLocation
    {
        public ulong Id, MappingId, Address;
        public int LineStart, LineEnd;
        public bool IsFolded;
        public long Offset;
    }

    private struct RawLine
    {
        public ulong FunctionId;
        public long Line, Column, Offset;
    }

    private struct RawFunction
    {
        public ulong Id;
        public long Name, SystemName, Filename, StartLine, Offset;
    }
}
