namespace GoMem.Cli.Infrastructure;

/// <summary>
/// Writes a renderer's UTF-8 bytes (JSON, HTML) to standard output. The real stdout is a StreamWriter over the
/// process's output stream: the bytes go straight to that stream, where copying them through a string first cost
/// three times the output in memory (a 187 MB traces JSON took 1.45 GB). Tests pass a StringWriter, which gets text.
/// </summary>
internal static class StdoutBytes
{
    public static void Write(TextWriter stdout, Action<Stream> write)
    {
        if (stdout is StreamWriter { BaseStream: { CanWrite: true } stream } writer)
        {
            writer.Flush();
            var shield = new PassThroughStream(stream);
            write(shield);
            shield.Flush();
            return;
        }

        using var buffer = new MemoryStream();
        write(buffer);
        stdout.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        stdout.Flush();
    }
}
