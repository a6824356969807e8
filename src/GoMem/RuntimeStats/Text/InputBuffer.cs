using System.Buffers;
using System.Text.Unicode;
using GoMem.IO;

namespace GoMem.RuntimeStats.Text;

/// <summary>Reads a whole (small) input into memory under a byte cap, and maps byte offsets to 1-based line numbers.</summary>
internal static class InputBuffer
{
    /// <summary>Reads at most <paramref name="maxBytes"/> bytes; one byte more is bad input, found without reading further.</summary>
    public static byte[] ReadAll(Stream stream, string source, int maxBytes, string what)
    {
        var writer = new ArrayBufferWriter<byte>(Math.Min(maxBytes, 1 << 16) + 1);
        while (true)
        {
            var span = writer.GetSpan(1 << 16);
            var read = stream.Read(span);
            if (read == 0)
            {
                return writer.WrittenSpan.ToArray();
            }

            writer.Advance(read);
            if (writer.WrittenCount > maxBytes)
            {
                throw new BadInputException(source, $"{what} is larger than the limit of {FormatBytes(maxBytes)}", maxBytes);
            }
        }
    }

    /// <summary>The 1-based line holding byte <paramref name="offset"/>.</summary>
    public static long LineOf(ReadOnlySpan<byte> data, long offset)
    {
        var end = (int)Math.Clamp(offset, 0, data.Length);
        return data[..end].Count((byte)'\n') + 1;
    }

    /// <summary>Byte offset of the start of 1-based line <paramref name="line"/>, or the end of the data.</summary>
    public static long StartOfLine(ReadOnlySpan<byte> data, long line)
    {
        var offset = 0;
        for (var current = 1L; current < line; current++)
        {
            var next = data[offset..].IndexOf((byte)'\n');
            if (next < 0)
            {
                return data.Length;
            }

            offset += next + 1;
        }

        return offset;
    }

    /// <summary>Offset of the first byte that is not valid UTF-8, or -1.</summary>
    public static int FirstInvalidUtf8(ReadOnlySpan<byte> data)
    {
        if (Utf8.IsValid(data))
        {
            return -1;
        }

        var offset = 0;
        while (offset < data.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(data[offset..], out _, out var consumed);
            if (status != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }

    public static string FormatBytes(long bytes) => bytes % (1L << 20) == 0 ? $"{bytes >> 20} MiB" : $"{bytes} bytes";
}
