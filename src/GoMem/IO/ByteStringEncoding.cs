using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace GoMem.IO;

/// <summary>
/// UTF-8 without a byte order mark that writes each escaped byte of a <see cref="ByteStrings"/> string as that byte, so
/// text output passes a profile's names through exactly as pprof prints them. Any other lone surrogate is written as
/// U+FFFD, as <see cref="UTF8Encoding"/> writes it. Every other string encodes exactly as UTF-8.
/// </summary>
public sealed class ByteStringEncoding : Encoding
{
    private static readonly byte[] Replacement = [0xEF, 0xBF, 0xBD];

    private ByteStringEncoding()
    {
    }

    public static ByteStringEncoding Instance { get; } = new();

    public override string WebName => "utf-8";

    public override string EncodingName => "UTF-8 (bytes that are not UTF-8 kept)";

    public override int GetMaxByteCount(int charCount) => checked((charCount + 1) * 3);

    public override int GetMaxCharCount(int byteCount) => checked(byteCount + 1);

    public override int GetByteCount(char[] chars, int index, int count) => GetByteCount(chars.AsSpan(index, count));

    public override int GetByteCount(ReadOnlySpan<char> chars) => Encode(chars, [], countOnly: true, final: true, out _);

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        GetBytes(chars.AsSpan(charIndex, charCount), bytes.AsSpan(byteIndex));

    public override int GetBytes(ReadOnlySpan<char> chars, Span<byte> bytes) => Encode(chars, bytes, countOnly: false, final: true, out _);

    public override int GetCharCount(byte[] bytes, int index, int count) => ByteStrings.Decode(bytes.AsSpan(index, count)).Length;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
    {
        var text = ByteStrings.Decode(bytes.AsSpan(byteIndex, byteCount));
        text.CopyTo(chars.AsSpan(charIndex));
        return text.Length;
    }

    public override string GetString(byte[] bytes, int index, int count) => ByteStrings.Decode(bytes.AsSpan(index, count));

    public override Encoder GetEncoder() => new StreamingEncoder();

    /// <summary>Decoding is for whole byte strings (<see cref="ByteStrings.Decode"/>): a stream cut anywhere could split a sequence.</summary>
    public override Decoder GetDecoder() => throw new NotSupportedException("decode whole byte strings with ByteStrings.Decode");

    /// <summary>
    /// Encodes <paramref name="chars"/>; unless <paramref name="final"/>, a high surrogate at the very end is left
    /// unused (<paramref name="used"/> says how many chars were), for the next call to pair.
    /// </summary>
    private static int Encode(ReadOnlySpan<char> chars, Span<byte> bytes, bool countOnly, bool final, out int used)
    {
        var total = 0;
        used = 0;
        Span<byte> scratch = countOnly ? stackalloc byte[1024] : default;
        while (!chars.IsEmpty)
        {
            var destination = countOnly ? scratch : bytes[total..];
            var status = Utf8.FromUtf16(chars, destination, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: final);
            total += written;
            used += read;
            chars = chars[read..];
            switch (status)
            {
                case OperationStatus.Done:
                case OperationStatus.NeedMoreData:
                    return total;
                case OperationStatus.DestinationTooSmall when countOnly:
                    continue;
                case OperationStatus.DestinationTooSmall:
                    throw new ArgumentException("the destination is too small", nameof(bytes));
            }

            // InvalidData: a lone surrogate.
            var c = chars[0];
            var size = ByteStrings.IsEscapedByte(c) ? 1 : Replacement.Length;
            if (!countOnly)
            {
                if (bytes.Length - total < size)
                {
                    throw new ArgumentException("the destination is too small", nameof(bytes));
                }

                if (size == 1)
                {
                    bytes[total] = (byte)(c - '\uDC00');
                }
                else
                {
                    Replacement.CopyTo(bytes[total..]);
                }
            }

            total += size;
            used++;
            chars = chars[1..];
        }

        return total;
    }

    /// <summary>For writers that encode their buffer in pieces: keeps a high surrogate that ends one piece for the next.</summary>
    private sealed class StreamingEncoder : Encoder
    {
        private char _pending;

        public override int GetByteCount(char[] chars, int index, int count, bool flush) => GetByteCount(chars.AsSpan(index, count), flush);

        public override int GetByteCount(ReadOnlySpan<char> chars, bool flush) => Run(chars, [], countOnly: true, flush, commit: false);

        public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex, bool flush) =>
            GetBytes(chars.AsSpan(charIndex, charCount), bytes.AsSpan(byteIndex), flush);

        public override int GetBytes(ReadOnlySpan<char> chars, Span<byte> bytes, bool flush) => Run(chars, bytes, countOnly: false, flush, commit: true);

        public override void Reset() => _pending = '\0';

        private int Run(ReadOnlySpan<char> chars, Span<byte> bytes, bool countOnly, bool flush, bool commit)
        {
            var total = 0;
            if (_pending != '\0')
            {
                if (chars.IsEmpty && !flush)
                {
                    return 0;
                }

                // The held high surrogate with the next char: a pair, or (not followed by a low surrogate) U+FFFD.
                Span<char> head = stackalloc char[2];
                head[0] = _pending;
                var paired = !chars.IsEmpty && char.IsLowSurrogate(chars[0]);
                if (paired)
                {
                    head[1] = chars[0];
                    chars = chars[1..];
                }

                total = Encode(head[..(paired ? 2 : 1)], countOnly ? [] : bytes, countOnly, final: true, out _);
                if (commit)
                {
                    _pending = '\0';
                }
            }

            total += Encode(chars, countOnly ? [] : bytes[total..], countOnly, final: flush, out var used);
            if (commit && used < chars.Length)
            {
                _pending = chars[^1];
            }

            return total;
        }
    }
}
