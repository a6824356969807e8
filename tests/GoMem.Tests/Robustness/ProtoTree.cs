namespace GoMem.Tests.Robustness;

/// <summary>
/// A protobuf message read as a tree of fields, for mutations that keep the encoding valid and change the values:
/// a sample value of 2^64−1, a location id that no location has, a string index past the table, a function name
/// that is not UTF-8, a table entry repeated. Length-delimited fields are read as nested messages when they parse
/// as one (profile.proto's field numbers are small), else kept as bytes.
/// </summary>
internal sealed class ProtoField
{
    public int Number { get; init; }

    public int WireType { get; set; }

    public ulong Varint { get; set; }

    public byte[] Bytes { get; set; } = [];

    public List<ProtoField>? Children { get; set; }

    private static readonly ulong[] HostileVarints =
    [
        0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 1UL << 32, long.MaxValue, ulong.MaxValue, 1UL << 53,
        unchecked((ulong)long.MinValue), 20_000_001, 1UL << 40,
    ];

    private static readonly byte[][] HostileStrings =
    [
        [0xFF, 0xFE, 0x41], [0xC3, 0x28], "\u001b[2J\u001b[31mred"u8.ToArray(), [], "a\nb\r\nc"u8.ToArray(),
        "hmac.New[go.shape.interface { BlockSize() int; Reset() }]"u8.ToArray(), "<script>alert(1)</script>"u8.ToArray(),
        [.. Enumerable.Repeat((byte)'A', 70_000)], [.. Enumerable.Repeat((byte)'(', 5_000)],
    ];

    /// <summary>The fields of <paramref name="data"/>, or null when it is not a well-formed message.</summary>
    public static List<ProtoField>? Parse(ReadOnlySpan<byte> data, int depth = 0)
    {
        var fields = new List<ProtoField>();
        var at = 0;
        while (at < data.Length)
        {
            if (!TryVarint(data, ref at, out var key) || key >> 3 is 0 or > 1 << 16)
            {
                return null;
            }

            var field = new ProtoField { Number = (int)(key >> 3), WireType = (int)(key & 7) };
            switch (field.WireType)
            {
                case 0:
                    if (!TryVarint(data, ref at, out var value))
                    {
                        return null;
                    }

                    field.Varint = value;
                    break;
                case 1 or 5:
                    var size = field.WireType == 1 ? 8 : 4;
                    if (data.Length - at < size)
                    {
                        return null;
                    }

                    field.Bytes = data.Slice(at, size).ToArray();
                    at += size;
                    break;
                case 2:
                    if (!TryVarint(data, ref at, out var length) || length > (ulong)(data.Length - at))
                    {
                        return null;
                    }

                    var payload = data.Slice(at, (int)length);
                    at += (int)length;
                    field.Bytes = payload.ToArray();
                    if (depth < 6 && payload.Length > 0 && Parse(payload, depth + 1) is { } children && children.TrueForAll(c => c.Number <= 20))
                    {
                        field.Children = children;
                    }

                    break;
                default:
                    return null;
            }

            fields.Add(field);
        }

        return fields;
    }

    public static byte[] Serialize(List<ProtoField> fields)
    {
        using var output = new MemoryStream();
        Write(output, fields);
        return output.ToArray();
    }

    /// <summary>Applies a value mutation to the node picked by <paramref name="a"/>; null when the input is not protobuf.</summary>
    public static byte[]? Mutate(byte[] input, int a, int b, int c, bool huge)
    {
        if (Parse(input) is not { } root || root.Count == 0)
        {
            return null;
        }

        var nodes = new List<(List<ProtoField> Parent, int Index)>();
        Collect(root, nodes);
        var (parent, index) = nodes[Math.Min(nodes.Count - 1, (int)((long)nodes.Count * a / Mutation.Scale))];
        var node = parent[index];
        switch (b % 6)
        {
            case 0:
                // A hostile value in the next varint (this one or the next in the tree).
                var varint = nodes.Skip(nodes.IndexOf((parent, index))).Select(n => n.Parent[n.Index]).FirstOrDefault(f => f.WireType == 0);
                if (varint is not null)
                {
                    varint.Varint = c % 8 == 7 ? varint.Varint + 1 : HostileVarints[c % HostileVarints.Length];
                }

                break;
            case 1:
                var copies = (c % 4) switch { 0 => 1, 1 => 2, 2 => 100, _ => huge ? 100_000 : 5_000 };
                copies = (int)Math.Clamp((Mutation.MaxBytes(huge) - (long)input.Length) / (Serialize([node]).Length + 1), 1, copies);
                parent.InsertRange(index, Enumerable.Repeat(node, copies));
                break;
            case 2:
                parent.RemoveAt(index);
                break;
            case 3:
                node.WireType = 2;
                node.Children = null;
                node.Bytes = HostileStrings[c % HostileStrings.Length];
                break;
            case 4:
                // Packed varints (sample values, location ids) that are hostile numbers.
                node.WireType = 2;
                node.Children = null;
                using (var packed = new MemoryStream())
                {
                    for (var i = 0; i < 1 + (c % 5); i++)
                    {
                        WriteVarint(packed, HostileVarints[(c + i) % HostileVarints.Length]);
                    }

                    node.Bytes = packed.ToArray();
                }

                break;
            default:
                parent.RemoveAt(index);
                parent.Insert(c % 2 == 0 ? 0 : parent.Count, node);
                break;
        }

        return Serialize(root);
    }

    private static void Collect(List<ProtoField> fields, List<(List<ProtoField>, int)> nodes)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            nodes.Add((fields, i));
            if (fields[i].Children is { } children)
            {
                Collect(children, nodes);
            }
        }
    }

    private static void Write(Stream output, List<ProtoField> fields)
    {
        foreach (var field in fields)
        {
            WriteVarint(output, ((ulong)field.Number << 3) | (uint)field.WireType);
            switch (field.WireType)
            {
                case 0:
                    WriteVarint(output, field.Varint);
                    break;
                case 2:
                    var payload = field.Children is { } children ? Serialize(children) : field.Bytes;
                    WriteVarint(output, (ulong)payload.Length);
                    output.Write(payload);
                    break;
                default:
                    output.Write(field.Bytes);
                    break;
            }
        }
    }

    private static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    private static bool TryVarint(ReadOnlySpan<byte> data, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && at < data.Length; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
