namespace GoMem.Cli.Infrastructure;

/// <summary>
/// Every JSON document gomem writes ends with a newline, as text output does: a shell prompt after `gomem … -f json`
/// starts on its own line, and `jq`, `wc -l` and line-based tools see a complete last line.
/// </summary>
internal static class NewlineTerminated
{
    public static Action<Stream> Wrap(Action<Stream> write) => stream =>
    {
        var tail = new PassThroughStream(stream);
        write(tail);
        if (tail.Last is not (byte)'\n')
        {
            stream.Write("\n"u8);
        }

        stream.Flush();
    };
}
