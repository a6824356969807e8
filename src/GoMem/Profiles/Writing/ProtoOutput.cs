using GoMem.IO;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace GoMem.Profiles.Writing;

/// <summary>
/// Buffered protobuf wire-format output to a stream: varints, tags and length-delimited fields written into one
/// pooled buffer that is flushed when full, so writing allocates nothing per field.
/// </summary>
internal sealed class ProtoOutput : IDisposable
{
    public const int VarintWire = 0;
    public const int LengthWire = 2;

    private const int BufferSize = 1 << 16;

    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _position;

    public ProtoOutput(Stream stream) => _stream = stream;

    /// <summary>The encoded size of a varint: 1 to 10 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int VarintSize(ulong value) => (BitOperations.Log2(value | 1) / 7) + 1;

    public static int TagSize(int field) => VarintSize((ulong)field << 3);

    /// <summary>The size of a varint field with its tag, or 0 when the value is 0 and so left out.</summary>
    public static int VarintFieldSize(int field, ulong value) => value == 0 ? 0 : TagSize(field) + VarintSize(value);

    /// <summary>The size of a length-delimited field with its tag and length, for a body of <paramref name="length"/> bytes.</summary>
    public static int LengthFieldSize(int field, int length) => TagSize(field) + VarintSize((ulong)length) + length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Varint(ulong value)
    {
        if (_buffer.Length - _position < 10)
        {
            Flush();
        }

        var buffer = _buffer;
        var position = _position;
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[position++] = (byte)value;
        _position = position;
    }

    public void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    /// <summary>A varint field, left out when the value is 0 (proto3's default).</summary>
    public void VarintField(int field, ulong value)
    {
        if (value != 0)
        {
            Tag(field, VarintWire);
            Varint(value);
        }
    }

    /// <summary>The tag and length of a length-delimited field whose body the caller writes next.</summary>
    public void LengthPrefix(int field, int length)
    {
        Tag(field, LengthWire);
        Varint((ulong)length);
    }

    /// <summary>
    /// A string field, always written (a string table entry is positional, even when empty); bytes a name read from a
    /// profile held that were not UTF-8 are written back as they were (<see cref="ByteStringEncoding"/>).
    /// </summary>
    public void StringField(int field, string value)
    {
        var length = ByteStringEncoding.Instance.GetByteCount(value.AsSpan());
        LengthPrefix(field, length);
        if (length > _buffer.Length - _position)
        {
            Flush();
            if (length > _buffer.Length)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(length);
            }
        }

        _position += ByteStringEncoding.Instance.GetBytes(value.AsSpan(), _buffer.AsSpan(_position));
    }

    public void Flush()
    {
        if (_position > 0)
        {
            _stream.Write(_buffer, 0, _position);
            _position = 0;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
