using System.Text;
using GoMem.Cli;

// One buffered stdout for the whole run: Console.Out flushes on every write, which made printing millions of
// trace lines take longer than computing them. Flushed once at the end (and by commands that stream).
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { NewLine = "\n", AutoFlush = false };
try
{
    return GoMemCommandLine.Run(args, stdout, Console.Error, timeZone: null, stdoutIsTerminal: !Console.IsOutputRedirected, stdinIsTerminal: !Console.IsInputRedirected, stderrIsTerminal: !Console.IsErrorRedirected);
}
finally
{
    stdout.Flush();
}
