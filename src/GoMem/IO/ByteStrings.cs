using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace GoMem.IO;

/// <summary>
/// Strings read from bytes that need not be UTF-8 (a profile's names: Go strings are bytes, and pprof prints them as
/// they are). UTF-8 decodes as usual; each byte that is not part of valid UTF-8 becomes the lone low surrogate
/// U+DC00 + byte (U+DC80..U+DCFF, as Python's "surrogateescape"), which no valid UTF-8 decodes to, so
/// <see cref="ByteStringEncoding"/> writes the same bytes back. Anything that writes such a string as JSON, HTML or
/// through a plain UTF-8 encoder gets U+FFFD for each of those bytes, as those formats require.
/// </summary>
public static class ByteStrings
{
    private const char EscapeBase = '\uDC00';

    /// <summary>The string of <paramref name="bytes"/>; no copy beyond the string itself when they are UTF-8.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes) =>
        Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : DecodeWithEscapes(bytes);

    /// <summary>True for a char that stands for one byte that was not UTF-8.</summary>
    public static bool IsEscapedByte(char c) => c is >= '\uDC80' and <= '\uDCFF';

    /// <summary>
    /// Orders two strings as Go orders strings: by their bytes (escaped bytes as themselves). The same as ordinal
    /// order unless a surrogate is where they first differ.
    /// </summary>
    public static int Compare(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return string.CompareOrdinal(a, b);
        }

        var common = a.AsSpan().CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        if (!char.IsSurrogate(a[common]) && !char.IsSurrogate(b[common]))
        {
            // Both are BMP characters: UTF-16 order is code point order, which UTF-8 keeps.
            return a[common].CompareTo(b[common]);
        }

        if (common > 0 && char.IsHighSurrogate(a[common - 1]))
        {
            common--; // the difference is in the second half of a pair: compare whole code points
        }

        return CompareBytes(a.AsSpan(common), b.AsSpan(common));
    }

    private static int CompareBytes(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var encoding = ByteStringEncoding.Instance;
        var lengthA = encoding.GetByteCount(a);
        var lengthB = encoding.GetByteCount(b);
        var rented = lengthA + lengthB > 1024 ? ArrayPool<byte>.Shared.Rent(lengthA + lengthB) : null;
        var buffer = rented ?? stackalloc byte[1024];
        try
        {
            encoding.GetBytes(a, buffer);
            encoding.GetBytes(b, buffer[lengthA..]);
            return buffer[..lengthA].SequenceCompareTo(buffer.Slice(lengthA, lengthB));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static string DecodeWithEscapes(ReadOnlySpan<byte> bytes)
    {
        // Never more chars than bytes: ASCII and escaped bytes take one char each, longer sequences fewer.
        var rented = bytes.Length > 512 ? ArrayPool<char>.Shared.Rent(bytes.Length) : null;
        var chars = rented ?? stackalloc char[512];
        try
        {
            var length = 0;
            while (!bytes.IsEmpty)
            {
                var status = Utf8.ToUtf16(bytes, chars[length..], out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true);
                length += written;
                bytes = bytes[read..];
                if (status == OperationStatus.Done)
                {
                    break;
                }

                // InvalidData: the byte at hand starts no valid sequence (a sequence cut short is invalid too, and
                // its other bytes, continuation bytes, start none either).
                chars[length++] = (char)(EscapeBase + bytes[0]);
                bytes = bytes[1..];
            }

            return new string(chars[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
