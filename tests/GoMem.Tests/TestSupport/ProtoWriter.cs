namespace GoMem.Tests.TestSupport;

/// <summary>Writes raw protobuf wire format, to craft valid and deliberately broken profile.proto inputs.</summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();

    public ProtoWriter Varint(int field, ulong value)
    {
        Key(field, 0);
        Raw(value);
        return this;
    }

    public ProtoWriter Bytes(int field, byte[] data)
    {
        Key(field, 2);
        Raw((ulong)data.Length);
        _buffer.Write(data);
        return this;
    }

    public ProtoWriter String(int field, string text) => Bytes(field, System.Text.Encoding.UTF8.GetBytes(text));

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    /// <summary>Appends a length prefix that claims <paramref name="claimedLength"/> bytes, followed by nothing.</summary>
    public ProtoWriter DanglingLength(int field, ulong claimedLength)
    {
        Key(field, 2);
        Raw(claimedLength);
        return this;
    }

    public ProtoWriter RawBytes(params byte[] bytes)
    {
        _buffer.Write(bytes);
        return this;
    }

    public byte[] ToArray() => _buffer.ToArray();

    private void Key(int field, int wireType) => Raw(((ulong)field << 3) | (uint)wireType);

    private void Raw(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.WriteByte((byte)value);
    }

    /// <summary>A minimal valid heap-like profile: one sample type, one function, one location, one sample.</summary>
    public static ProtoWriter MinimalProfile(ulong locationId = 1, ulong nameIndex = 3, ulong functionId = 1)
    {
        return new ProtoWriter()
            .Message(1, new ProtoWriter().Varint(1, 1).Varint(2, 2))
            .Message(2, new ProtoWriter().Varint(1, locationId).Varint(2, 42))
            .Message(4, new ProtoWriter().Varint(1, 1).Message(4, new ProtoWriter().Varint(1, functionId).Varint(2, 7)))
            .Message(5, new ProtoWriter().Varint(1, 1).Varint(2, nameIndex))
            .String(6, "")
            .String(6, "inuse_space")
            .String(6, "bytes")
            .String(6, "main.f");
    }
}
