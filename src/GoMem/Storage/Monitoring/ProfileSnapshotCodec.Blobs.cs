using System.IO.Compression;
using GoMem.IO;

namespace GoMem.Storage.Monitoring;

/// <summary>The blobs of <see cref="ProfileSnapshotCodec"/>: compression, id tables, and the helpers for both.</summary>
internal static partial class ProfileSnapshotCodec
{
    /// <summary>
    /// A blob as stored: a format byte, then the varints as they are (<see cref="Plain"/>) or, when that is smaller,
    /// their length and their Brotli compression (<see cref="Brotli"/>): values, ids and deltas repeat a lot.
    /// </summary>
    private static byte[] Pack(VarintWriter content)
    {
        var plain = content.Written;
        var packed = new byte[1 + 10 + BrotliEncoder.GetMaxCompressedLength(plain.Length)];
        var header = new VarintWriter(16);
        header.Unsigned(Brotli);
        header.Unsigned((ulong)plain.Length);
        header.Written.CopyTo(packed);
        if (BrotliEncoder.TryCompress(plain, packed.AsSpan(header.Length), out var compressed, BrotliQuality, WindowFor(plain.Length)) && header.Length + compressed < 1 + plain.Length)
        {
            return packed[..(header.Length + compressed)];
        }

        var result = new byte[1 + plain.Length];
        result[0] = Plain;
        plain.CopyTo(result.AsSpan(1));
        return result;
    }

    /// <summary>
    /// The smallest Brotli window that holds the whole blob (at most <see cref="BrotliWindow"/>): a larger one
    /// compresses no better, and the encoder's native buffers grow with it; most blobs are a few KiB, and the
    /// collector compresses on many threads, each leaving the C allocator's arena it used at its high-water mark.
    /// </summary>
    private static int WindowFor(int length) => Math.Clamp(System.Numerics.BitOperations.Log2((uint)Math.Max(length, 1)) + 1, 10, BrotliWindow);

    private static ReadOnlySpan<byte> Unpack(byte[] blob, string source)
    {
        if (blob.Length > 0 && blob[0] == Plain)
        {
            return blob.AsSpan(1);
        }

        var reader = new VarintReader(blob, source);
        if (blob.Length == 0 || reader.Unsigned() != Brotli)
        {
            throw new BadInputException(source, $"stored profile blob format {(blob.Length == 0 ? "(empty)" : blob[0])} is not one this gomem reads; upgrade gomem");
        }

        var length = reader.Unsigned();
        var headerLength = reader.Position;
        if (length > int.MaxValue / 2)
        {
            throw new BadInputException(source, $"a stored blob claims {length} bytes (damaged store?)");
        }

        var plain = new byte[length];
        if (!BrotliDecoder.TryDecompress(blob.AsSpan(headerLength), plain, out var written) || written != plain.Length)
        {
            throw new BadInputException(source, "a stored blob does not decompress (damaged store?)");
        }

        return plain;
    }

    /// <summary>
    /// Adds the part ids a snapshot's <c>tables</c> blob refers to (its mappings, functions, locations, label strings
    /// and stacks) to <paramref name="into"/>. The strings of its mappings and functions are in those parts, not here.
    /// </summary>
    public static void AddReferences(byte[] tables, string source, PartReferences into)
    {
        var reader = new VarintReader(Unpack(tables, source), source);
        AddTable(ref reader, into.Mappings);
        AddTable(ref reader, into.Functions);
        AddTable(ref reader, into.Locations);
        AddIds(ref reader, into.Strings);
        AddIds(ref reader, into.Stacks);
    }

    private static void AddTable(ref VarintReader reader, HashSet<long> into)
    {
        var count = reader.Count();
        long part = 0;
        for (var i = 0; i < count; i++)
        {
            part += reader.Signed();
            into.Add(part);
            reader.Signed();
        }
    }

    private static void AddIds(ref VarintReader reader, HashSet<long> into)
    {
        var count = reader.Count();
        long id = 0;
        for (var i = 0; i < count; i++)
        {
            id += reader.Signed();
            into.Add(id);
        }
    }

    private static void WriteTable<T>(VarintWriter writer, long[] partIds, IReadOnlyList<T> entries, Func<T, ulong> ownId)
    {
        writer.Unsigned((ulong)partIds.Length);
        long previousPart = 0;
        ulong previousOwn = 0;
        for (var i = 0; i < partIds.Length; i++)
        {
            writer.Signed(partIds[i] - previousPart);
            var own = ownId(entries[i]);
            writer.Signed(unchecked((long)(own - (previousOwn + 1))));
            previousPart = partIds[i];
            previousOwn = own;
        }
    }

    private static (long[] PartIds, ulong[] OwnIds) ReadTable(ref VarintReader reader)
    {
        var count = reader.Count();
        var partIds = new long[count];
        var ownIds = new ulong[count];
        long previousPart = 0;
        ulong previousOwn = 0;
        for (var i = 0; i < count; i++)
        {
            previousPart += reader.Signed();
            previousOwn = unchecked(previousOwn + 1 + (ulong)reader.Signed());
            partIds[i] = previousPart;
            ownIds[i] = previousOwn;
        }

        return (partIds, ownIds);
    }

    private static void WriteIds(VarintWriter writer, long[] ids)
    {
        writer.Unsigned((ulong)ids.Length);
        long previous = 0;
        foreach (var id in ids)
        {
            writer.Signed(id - previous);
            previous = id;
        }
    }

    private static long[] ReadIds(ref VarintReader reader)
    {
        var ids = new long[reader.Count()];
        long previous = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            previous += reader.Signed();
            ids[i] = previous;
        }

        return ids;
    }

    /// <summary>Distinct strings in order of first appearance, with their index.</summary>
    private sealed class Interner
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public List<string> Values { get; } = [];

        public void Add(string value)
        {
            if (_index.TryAdd(value, Values.Count))
            {
                Values.Add(value);
            }
        }

        public int IndexOf(string value) => _index[value];
    }

    /// <summary>Byte arrays compared by content, looked up by span without copying.</summary>
    private sealed class BytesComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly BytesComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
