using System.IO.Compression;
using CsCheck;

namespace GoMem.Tests.Robustness;

/// <summary>How the mutated bytes are stored in the file the parser reads.</summary>
internal enum Wrapping
{
    /// <summary>As they are.</summary>
    Plain,

    /// <summary>Gzip of the mutated bytes (every input is read through the gzip sniffing opener).</summary>
    Gzip,

    /// <summary>Gzip of the mutated bytes with bytes of the compressed stream changed.</summary>
    GzipDamaged,

    /// <summary>Gzip of the mutated bytes cut short.</summary>
    GzipTruncated,

    /// <summary>Gzip of random bytes: the mutations are ignored.</summary>
    GzipOfGarbage,

    /// <summary>A gzip bomb of zeros well past the inflated-size cap: the mutations are ignored.</summary>
    GzipBomb,

    /// <summary>
    /// A gzip bomb of empty lines, which line readers skip until the cap: one case per parser in the long campaign
    /// (it reads 1 GiB, so it measures throughput more than it finds bugs).
    /// </summary>
    GzipBombOfNewlines,
}

/// <summary>
/// One generated case: which seed input of the target, what mutations in order, and how it is stored.
/// <see cref="Extra"/> seeds the garbage of <see cref="Wrapping.GzipOfGarbage"/> and the damage of
/// <see cref="Wrapping.GzipDamaged"/>.
/// </summary>
internal sealed record FuzzCase(int Seed, Mutation[] Mutations, Wrapping Wrapping, int Extra)
{
    public override string ToString() =>
        $"seed input {Seed}, {Wrapping}, mutations [{Mutation.Describe(Mutations)}], extra {Extra}";

    /// <summary>The CsCheck generator: few, small mutations are the common case; hostile wrappings are rare.</summary>
    public static Gen<FuzzCase> Generator(int seeds, bool seedIsGzip, bool seedIsProto)
    {
        var kind = Gen.Frequency(
            (12, Gen.Const(MutationKind.FlipBytes)),
            (8, Gen.Const(MutationKind.Truncate)),
            (5, Gen.Const(MutationKind.DuplicateLine)),
            (5, Gen.Const(MutationKind.RemoveLines)),
            (5, Gen.Const(MutationKind.SpliceLines)),
            (6, Gen.Const(MutationKind.HugeNumber)),
            (5, Gen.Const(MutationKind.NanOrInfinity)),
            (2, Gen.Const(MutationKind.LongLine)),
            (2, Gen.Const(MutationKind.DeepNesting)),
            (4, Gen.Const(MutationKind.InvalidUtf8)),
            (4, Gen.Const(MutationKind.SpliceBytes)),
            (seedIsProto ? 6 : 1, Gen.Const(MutationKind.HostileVarint)),
            (seedIsProto ? 30 : 0, Gen.Const(MutationKind.ProtoValue)));
        var fraction = Gen.Int[0, Mutation.Scale - 1];
        var mutation = Gen.Select(kind, fraction, fraction, fraction, (k, a, b, c) => new Mutation(k, a, b, c));
        var wrapping = Gen.Frequency(
            (seedIsGzip ? 25 : 80, Gen.Const(Wrapping.Plain)),
            (seedIsGzip ? 60 : 12, Gen.Const(Wrapping.Gzip)),
            (3, Gen.Const(Wrapping.GzipDamaged)),
            (3, Gen.Const(Wrapping.GzipTruncated)),
            (2, Gen.Const(Wrapping.GzipOfGarbage)),
            (1, Gen.Const(Wrapping.GzipBomb)));
        return Gen.Select(Gen.Int[0, seeds - 1], mutation.Array[1, 4], wrapping, Gen.Int[0, Mutation.Scale - 1], (s, m, w, e) => new FuzzCase(s, m, w, e));
    }

    /// <summary>The bytes of the file this case writes, from the seed's payload (inflated when the seed is gzip).</summary>
    public byte[] Build(byte[] payload, bool huge)
    {
        switch (Wrapping)
        {
            case Wrapping.GzipOfGarbage:
                {
                    var garbage = new byte[1 + (Extra % 4096)];
                    new Random(Extra).NextBytes(garbage);
                    return GzipBytes.Compress(garbage);
                }

            case Wrapping.GzipBomb:
                return GzipBytes.Bomb(0);
            case Wrapping.GzipBombOfNewlines:
                return GzipBytes.Bomb((byte)'\n');
        }

        var bytes = payload;
        foreach (var mutation in Mutations)
        {
            var mutated = mutation.Apply(bytes, huge);

            // Mutations that grow the input compound (a long line duplicated thousands of times): stop at the cap.
            bytes = mutated.Length <= Mutation.MaxBytes(huge) ? mutated : bytes;
        }

        switch (Wrapping)
        {
            case Wrapping.Gzip:
                return GzipBytes.Compress(bytes);
            case Wrapping.GzipDamaged:
                {
                    var gzip = GzipBytes.Compress(bytes);
                    var random = new Random(Extra);
                    for (var i = 0; i < 1 + (Extra % 3) && gzip.Length > 0; i++)
                    {
                        // Past the 10-byte header (so the input is still taken for gzip), when there is anything past it
                        // (.NET writes nothing at all for empty content).
                        var at = gzip.Length > 10 ? 10 + random.Next(gzip.Length - 10) : random.Next(gzip.Length);
                        gzip[at] = (byte)random.Next(256);
                    }

                    return gzip;
                }

            case Wrapping.GzipTruncated:
                {
                    var gzip = GzipBytes.Compress(bytes);
                    return gzip[..(int)((long)gzip.Length * Extra / Mutation.Scale)];
                }

            default:
                return bytes;
        }
    }
}

/// <summary>Gzip helpers: compress, inflate a seed, and the bombs (built once, then shared).</summary>
internal static class GzipBytes
{
    /// <summary>Each bomb member inflates to this; members are concatenated (GZipStream reads them all).</summary>
    private const int MemberBytes = 64 << 20;

    /// <summary>Members per bomb: 24 × 64 MiB = 1.5 GiB, past the 1 GiB default cap.</summary>
    private const int Members = 24;

    private static readonly Lazy<byte[]>[] Bombs = [new(() => BuildBomb(0)), new(() => BuildBomb((byte)'\n'))];

    public static bool IsGzip(byte[] bytes) => bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    public static byte[] Compress(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    public static byte[] Inflate(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>How many bytes <paramref name="bytes"/> inflate to, counting no further than <paramref name="cap"/> (plain input: its length).</summary>
    public static long InflatedLength(byte[] bytes, long cap)
    {
        if (!IsGzip(bytes))
        {
            return bytes.Length;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while (total <= cap && (read = gzip.Read(buffer)) > 0)
            {
                total += read;
            }

            return Math.Min(total, cap);
        }
        catch (InvalidDataException)
        {
            return bytes.Length;
        }
    }

    public static byte[] Bomb(byte fill) => Bombs[fill == 0 ? 0 : 1].Value;

    private static byte[] BuildBomb(byte fill)
    {
        var chunk = new byte[1 << 20];
        Array.Fill(chunk, fill);
        using var member = new MemoryStream();
        using (var gzip = new GZipStream(member, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var i = 0; i < MemberBytes / chunk.Length; i++)
            {
                gzip.Write(chunk);
            }
        }

        var one = member.ToArray();
        var bomb = new byte[one.Length * Members];
        for (var i = 0; i < Members; i++)
        {
            one.CopyTo(bomb, i * one.Length);
        }

        return bomb;
    }
}
