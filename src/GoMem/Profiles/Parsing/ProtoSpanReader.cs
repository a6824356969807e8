using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using GoMem.IO;

namespace GoMem.Profiles.Parsing;

/// <summary>
/// Reads protobuf wire format from a span holding one message. Offsets in errors are absolute positions in the
/// (inflated) input, so a user can find the bad byte.
/// </summary>
/// <remarks>
/// The small members are marked for inlining and the loops for full optimization: gomem runs once per command, so
/// without that the per-sample calls would run as unoptimized tier-0 code for much of a big profile. Errors are
/// thrown from separate methods to keep the inlined paths small.
/// </remarks>
internal ref struct ProtoSpanReader(ReadOnlySpan<byte> data, long baseOffset, string source)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _position >= _data.Length;
    }

    public readonly long Offset
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => baseOffset + _position;
    }

    /// <summary>Reads a varint; one-byte varints (most tags, lengths, ids and small values) take the inlined fast path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint()
    {
        var position = _position;
        var data = _data;
        if ((uint)position < (uint)data.Length)
        {
            var b = data[position];
            if (b < 0x80)
            {
                _position = position + 1;
                return b;
            }
        }

        return ReadLongVarint();
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private ulong ReadLongVarint()
    {
        ulong result = 0;
        var shift = 0;
        var data = _data;
        var position = _position;
        while (position < data.Length)
        {
            var b = data[position++];
            if (shift == 63 && b > 1)
            {
                throw new BadInputException(source, "varint is longer than 64 bits", baseOffset + _position);
            }

            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                _position = position;
                return result;
            }

            shift += 7;
        }

        throw new BadInputException(source, "varint runs off the end of its message", baseOffset + _position);
    }

    /// <summary>Reads a field key; returns false at the end of the message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadTag(out int field, out int wireType)
    {
        if (End)
        {
            field = 0;
            wireType = 0;
            return false;
        }

        var start = _position;
        var key = ReadVarint();
        field = (int)Math.Min(key >> 3, int.MaxValue);
        wireType = (int)(key & 7);
        if (field == 0)
        {
            ThrowFieldZero(start);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ReadLengthDelimited(out long startOffset)
    {
        var lengthPosition = _position;
        var length = ReadVarint();
        var remaining = _data.Length - _position;
        if (length > (ulong)remaining)
        {
            ThrowLengthPastEnd(length, remaining, lengthPosition);
        }

        startOffset = Offset;
        var result = _data.Slice(_position, (int)length);
        _position += (int)length;
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Skip(int wireType)
    {
        var at = Offset;
        switch (wireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                Advance(8, at);
                break;
            case 2:
                ReadLengthDelimited(out _);
                break;
            case 5:
                Advance(4, at);
                break;
            default:
                throw new BadInputException(source, $"unsupported protobuf wire type {wireType}", at);
        }
    }

    private void Advance(int count, long at)
    {
        if (_data.Length - _position < count)
        {
            throw new BadInputException(source, "fixed-size field runs off the end of its message", at);
        }

        _position += count;
    }

    /// <summary>Validates a repeated varint that may be packed (wire type 2) or not (wire type 0); returns how many it holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int CountRepeatedVarints(int wireType)
    {
        if (wireType == 0)
        {
            ReadVarint();
            return 1;
        }

        if (wireType != 2)
        {
            ThrowNotVarint(wireType);
        }

        var packed = new ProtoSpanReader(ReadLengthDelimited(out var start), start, source);
        var count = 0;
        while (!packed.End)
        {
            packed.ReadVarint();
            count++;
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarintField(int wireType)
    {
        if (wireType != 0)
        {
            ThrowNotVarint(wireType);
        }

        return ReadVarint();
    }

    [DoesNotReturn]
    private readonly void ThrowFieldZero(int position) =>
        throw new BadInputException(source, "invalid protobuf field number 0 (not a profile.proto message?)", baseOffset + position);

    [DoesNotReturn]
    private readonly void ThrowLengthPastEnd(ulong length, int remaining, int lengthPosition) =>
        throw new BadInputException(source, $"length {length} runs past the end of its message ({remaining} bytes remain)", baseOffset + lengthPosition);

    [DoesNotReturn]
    private readonly void ThrowNotVarint(int wireType) =>
        throw new BadInputException(source, $"wire type {wireType} where a varint was expected", Offset);
}
