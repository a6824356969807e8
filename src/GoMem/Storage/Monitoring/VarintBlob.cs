using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using GoMem.IO;

namespace GoMem.Storage.Monitoring;

/// <summary>A growable byte buffer written with protobuf-style varints (zigzag for signed values), for the store's blobs.</summary>
internal sealed class VarintWriter
{
    private byte[] _buffer;

    public VarintWriter(int capacity = 256) => _buffer = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public byte[] ToArray() => Written.ToArray();

    public void Unsigned(ulong value)
    {
        if (_buffer.Length - Length < 10)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + 10));
        }

        while (value >= 0x80)
        {
            _buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[Length++] = (byte)value;
    }

    public void Signed(long value) => Unsigned(unchecked((ulong)((value << 1) ^ (value >> 63))));

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        if (_buffer.Length - Length < bytes.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + bytes.Length));
        }

        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }
}

/// <summary>Reads what <see cref="VarintWriter"/> wrote; data that ends early or overflows is a damaged store (<see cref="BadInputException"/>).</summary>
internal ref struct VarintReader(ReadOnlySpan<byte> data, string source)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    /// <summary>How many bytes have been read.</summary>
    public readonly int Position => _position;

    public ulong Unsigned()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new BadInputException(source, "a stored blob ends in the middle of a number (damaged store?)", _position);
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new BadInputException(source, "a stored blob holds a number longer than 64 bits (damaged store?)", _position);
    }

    public long Signed()
    {
        var value = Unsigned();
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    /// <summary>A count of entries that each take at least one byte, so a damaged count cannot ask for a huge array.</summary>
    public int Count()
    {
        var count = Unsigned();
        if (count > (ulong)(_data.Length - _position))
        {
            throw new BadInputException(source, $"a stored blob claims {count} entries in {_data.Length - _position} bytes (damaged store?)", _position);
        }

        return (int)count;
    }
}

/// <summary>
/// The content address of a stored profile part: the first 4 bytes of the SHA-256 of its canonical bytes, as a
/// signed 32-bit number (4 bytes in an SQL row and index entry, where a 64-bit digest takes 8). Fixed forever, since
/// stored rows are found by it. It narrows the lookup, the content decides: stores compare the part itself, so two
/// parts with the same address (likely once a target has tens of thousands) are both kept, each found correctly.
/// </summary>
internal static class ContentHash
{
    public static long Of(ReadOnlySpan<byte> content)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, digest);
        return BinaryPrimitives.ReadInt32LittleEndian(digest);
    }

    public static long Of(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length <= 1024)
        {
            Span<byte> bytes = stackalloc byte[length];
            Encoding.UTF8.GetBytes(value, bytes);
            return Of(bytes);
        }

        return Of(Encoding.UTF8.GetBytes(value));
    }
}
