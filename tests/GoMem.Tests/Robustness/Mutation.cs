using System.Text;

namespace GoMem.Tests.Robustness;

/// <summary>What a mutation does to an input (the hostile-input classes of the fuzzing campaign).</summary>
internal enum MutationKind
{
    /// <summary>One to four bytes changed: a bit flipped, a byte that is syntax in some format, any byte.</summary>
    FlipBytes,

    /// <summary>The input cut at an offset.</summary>
    Truncate,

    /// <summary>A line repeated, a few times or thousands of times (a huge table).</summary>
    DuplicateLine,

    /// <summary>A run of lines left out.</summary>
    RemoveLines,

    /// <summary>A run of lines copied to another place (records interleaved, headers repeated mid-file).</summary>
    SpliceLines,

    /// <summary>A number replaced by one beyond int64, uint64, float64 or any sane range.</summary>
    HugeNumber,

    /// <summary>A number replaced by a NaN or an infinity in one of Go's spellings.</summary>
    NanOrInfinity,

    /// <summary>A very long line inserted (digits, letters, spaces, or the line's own text repeated).</summary>
    LongLine,

    /// <summary>Thousands of nested openers inserted (JSON, YAML flow and block, parentheses, indentation).</summary>
    DeepNesting,

    /// <summary>Bytes that are not UTF-8 (lone continuation, overlong, surrogate, 0xFF) or NUL, or a BOM.</summary>
    InvalidUtf8,

    /// <summary>A slice of the input inserted somewhere else (protobuf fields repeated out of place).</summary>
    SpliceBytes,

    /// <summary>Bytes that protobuf readers must survive: overlong varints, huge lengths, unknown wire types.</summary>
    HostileVarint,

    /// <summary>A protobuf field changed with the encoding kept valid: a hostile number, a repeated or missing entry, a bad string.</summary>
    ProtoValue,
}

/// <summary>
/// One mutation. <see cref="A"/>, <see cref="B"/> and <see cref="C"/> are in [0, 65535] and are read as
/// fractions of the current input (positions, line numbers) or as choices, so the same mutation applies to any
/// input, and a smaller value (what CsCheck shrinks towards) is a smaller change.
/// </summary>
internal readonly record struct Mutation(MutationKind Kind, int A, int B, int C)
{
    public const int Scale = 65536;

    private static readonly byte[] Specials = "\"{}[](),:;\\\n\r\t =#.-+e0xkB@|/*"u8.ToArray();

    private static readonly string[] HugeNumbers =
    [
        "18446744073709551616", "9223372036854775808", "-9223372036854775809", "4294967296", "2147483648", "-1", "0",
        "99999999999999999999999999999999999999", "1e309", "-1e309", "1e-400", "0x7fffffffffffffff", "1.7976931348623157e308",
        new string('9', 400), "340282366920938463463374607431768211456",
    ];

    private static readonly string[] NonFinite = ["NaN", "+Inf", "-Inf", "Inf", "Infinity", "-Infinity", "nan", "inf", "+inf", "NAN"];

    private static readonly string[] Openers = ["[", "{", "{\"a\":", "[{\"a\":", "- ", "{a: ", "(", "  ", "\t", "<"];

    private static readonly byte[][] NotUtf8 =
    [
        [0xFF], [0xC3, 0x28], [0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80],
        [0x00], [0xEF, 0xBB, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0x1B, 0x5B, 0x32, 0x4A],
    ];

    private static readonly byte[][] Varints =
    [
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], // 11-byte varint
        [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], // field 1, length 2^32-1
        [0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], // field 2, length 2^63-1
        [0x0F], [0x0E], [0x0C], // wire types 7, 6 (invalid) and 4 (end group)
        [0x0B, 0x0B, 0x0B, 0x0B], // start groups
        [0x00], // field 0
        [0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02], // varint beyond 64 bits
        [0x1A, 0x05, 0x0A, 0x7F], // a message whose inner length runs past its end
        [0x22, 0x02, 0xFF, 0xFF], // packed field with a cut varint
    ];

    /// <summary>The largest input mutations grow a case to (the long campaign's, then CI's): a hostile file, not a memory test of the harness.</summary>
    public static int MaxBytes(bool huge) => huge ? 32 << 20 : 8 << 20;

    /// <summary>Applies the mutation; <paramref name="huge"/> allows the megabyte-sized ones (long lines, deep nesting, huge tables).</summary>
    public byte[] Apply(byte[] input, bool huge)
    {
        switch (Kind)
        {
            case MutationKind.FlipBytes:
                return Flip(input);
            case MutationKind.Truncate:
                return input[..At(input.Length, A)];
            case MutationKind.DuplicateLine:
                {
                    var lines = Lines.Split(input);
                    var index = Pick(lines.Count, A);
                    if (lines.Count == 0)
                    {
                        return input;
                    }

                    var copies = (B % 4) switch { 0 => 1, 1 => 2, 2 => 64, _ => huge ? 20_000 : 2_000 };
                    copies = (int)Math.Clamp((MaxBytes(huge) - (long)input.Length) / (lines[index].Length + 1), 1, copies);
                    return Lines.Join(lines.Take(index + 1).Concat(Enumerable.Repeat(lines[index], copies)).Concat(lines.Skip(index + 1)));
                }

            case MutationKind.RemoveLines:
                {
                    var lines = Lines.Split(input);
                    var index = Pick(lines.Count, A);
                    var count = 1 + (B % 8 == 0 ? B % 200 : B % 3);
                    return Lines.Join(lines.Take(index).Concat(lines.Skip(index + count)));
                }

            case MutationKind.SpliceLines:
                {
                    var lines = Lines.Split(input);
                    if (lines.Count == 0)
                    {
                        return input;
                    }

                    var from = Pick(lines.Count, A);
                    var count = 1 + (C % 16);
                    var to = Pick(lines.Count + 1, B);
                    var moved = lines.Skip(from).Take(count).ToList();
                    return Lines.Join(lines.Take(to).Concat(moved).Concat(lines.Skip(to)));
                }

            case MutationKind.HugeNumber:
                return ReplaceNumber(input, HugeNumbers[B % HugeNumbers.Length]);
            case MutationKind.NanOrInfinity:
                return ReplaceNumber(input, NonFinite[B % NonFinite.Length]);
            case MutationKind.LongLine:
                return InsertLongLine(input, huge);
            case MutationKind.DeepNesting:
                {
                    var opener = Encoding.UTF8.GetBytes(Openers[B % Openers.Length]);
                    var depth = (C % 3) switch { 0 => 100, 1 => 5_000, _ => huge ? 200_000 : 50_000 };
                    var nest = new byte[opener.Length * depth];
                    for (var i = 0; i < depth; i++)
                    {
                        opener.CopyTo(nest, i * opener.Length);
                    }

                    return Insert(input, At(input.Length, A), nest);
                }

            case MutationKind.InvalidUtf8:
                return Insert(input, At(input.Length, A), NotUtf8[B % NotUtf8.Length]);
            case MutationKind.SpliceBytes:
                {
                    var from = At(input.Length, A);
                    var length = Math.Min(input.Length - from, 1 + (C % 512));
                    return Insert(input, At(input.Length, B), input.AsSpan(from, length).ToArray());
                }

            case MutationKind.HostileVarint:
                return Insert(input, At(input.Length, A), Varints[B % Varints.Length]);
            case MutationKind.ProtoValue:
                return ProtoField.Mutate(input, A, B, C, huge) ?? Flip(input);
            default:
                throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null);
        }
    }

    public override string ToString() => FormattableString.Invariant($"{Kind}({A},{B},{C})");

    private byte[] Flip(byte[] input)
    {
        if (input.Length == 0)
        {
            return input;
        }

        var copy = (byte[])input.Clone();
        var changes = 1 + (C % 4);
        var position = At(copy.Length, A);
        for (var i = 0; i < changes; i++)
        {
            var at = (position + (i * (1 + B))) % copy.Length;
            copy[at] = ((B >> 2) % 4) switch
            {
                0 => (byte)(copy[at] ^ (1 << (B % 8))),
                1 => Specials[(B + i) % Specials.Length],
                2 => (byte)(B + (i * 97)),
                _ => (byte)(copy[at] + 1),
            };
        }

        return copy;
    }

    private byte[] ReplaceNumber(byte[] input, string replacement)
    {
        // The k-th run of ASCII digits (k chosen by A among all runs), with its sign and fraction.
        var runs = new List<(int Start, int End)>();
        for (var i = 0; i < input.Length;)
        {
            if (!char.IsAsciiDigit((char)input[i]))
            {
                i++;
                continue;
            }

            var start = i > 0 && input[i - 1] == (byte)'-' ? i - 1 : i;
            while (i < input.Length && (char.IsAsciiDigit((char)input[i]) || input[i] == (byte)'.'))
            {
                i++;
            }

            runs.Add((start, i));
        }

        if (runs.Count == 0)
        {
            return Insert(input, At(input.Length, A), Encoding.ASCII.GetBytes(replacement));
        }

        var (s, e) = runs[Pick(runs.Count, A)];
        return [.. input.AsSpan(0, s), .. Encoding.ASCII.GetBytes(replacement), .. input.AsSpan(e)];
    }

    private byte[] InsertLongLine(byte[] input, bool huge)
    {
        var length = (C % 4) switch { 0 => 4_096, 1 => 70_000, 2 => huge ? (1 << 20) + 1 : 150_000, _ => huge ? 900_000 : 100_000 };
        var lines = Lines.Split(input);
        var index = Pick(lines.Count, A);
        byte[] line;
        switch (B % 5)
        {
            case 0:
                line = new byte[length];
                for (var i = 0; i < length; i++)
                {
                    line[i] = (byte)('0' + (i % 10));
                }

                break;
            case 1:
                line = Enumerable.Repeat((byte)'x', length).ToArray();
                break;
            case 2:
                line = Enumerable.Repeat((byte)' ', length).ToArray();
                break;
            case 3:
                // The line itself, stretched: a key followed by a value that never ends.
                var own = lines.Count > 0 && lines[index].Length > 0 ? lines[index] : "a"u8.ToArray();
                line = new byte[length];
                for (var i = 0; i < length; i++)
                {
                    line[i] = own[i % own.Length];
                }

                break;
            default:
                // One field that never ends: a run of digits after the line's own start.
                var head = lines.Count > 0 ? lines[index][..Math.Min(lines[index].Length, 24)] : [];
                line = [.. head, .. Enumerable.Repeat((byte)'7', length)];
                break;
        }

        return Lines.Join(lines.Take(index).Append(line).Concat(lines.Skip(index)));
    }

    private static byte[] Insert(byte[] input, int at, ReadOnlySpan<byte> bytes) => [.. input.AsSpan(0, at), .. bytes, .. input.AsSpan(at)];

    /// <summary>A position in [0, length] for a fraction in [0, 65535].</summary>
    private static int At(int length, int fraction) => (int)((long)length * fraction / (Scale - 1));

    /// <summary>An index in [0, count) (0 when empty).</summary>
    private static int Pick(int count, int fraction) => count == 0 ? 0 : Math.Min(count - 1, (int)((long)count * fraction / Scale));

    public static string Describe(IEnumerable<Mutation> mutations) => string.Join(" ", mutations.Select(m => m.ToString()));
}

/// <summary>Lines of an input as byte arrays, kept with their terminators removed and rejoined with "\n".</summary>
internal static class Lines
{
    public static List<byte[]> Split(byte[] input)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] == (byte)'\n')
            {
                lines.Add(input[start..i]);
                start = i + 1;
            }
        }

        if (start < input.Length)
        {
            lines.Add(input[start..]);
        }

        return lines;
    }

    public static byte[] Join(IEnumerable<byte[]> lines)
    {
        using var output = new MemoryStream();
        foreach (var line in lines)
        {
            output.Write(line);
            output.WriteByte((byte)'\n');
        }

        return output.ToArray();
    }
}
