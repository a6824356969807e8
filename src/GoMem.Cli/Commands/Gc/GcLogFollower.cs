using System.Diagnostics;
using GoMem.Cli.Infrastructure;
using GoMem.Gc.Model;
using GoMem.Gc.Parsing;
using GoMem.IO;
using GoMem.Output.Gc;

namespace GoMem.Cli.Commands.Gc;

/// <summary>
/// <c>--follow</c>: reads a log that is still being written, like <c>tail -f</c>: what is there already is read
/// silently, then each new cycle is printed as one line as soon as its line is complete. Stops on Ctrl-C, or after
/// <c>--follow-idle</c> seconds without new data; a log truncated by rotation is read again from its start.
/// </summary>
internal static class GcLogFollower
{
    private const int MaxLineBytes = 1 << 20;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static GcTrace Follow(CliContext context, string[] paths, double? idleSeconds, TextWriter progress)
    {
        if (paths.Length != 1 || paths[0] == "-")
        {
            throw new UsageException("--follow reads one growing log file: name exactly one");
        }

        if (idleSeconds is <= 0 or > 86_400)
        {
            throw new UsageException("--follow-idle must be between 0 and 86400 seconds");
        }

        var path = paths[0];
        var builder = new GcTraceBuilder();
        builder.BeginSource(path);
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var reader = new LineSplitter(path);
            var caughtUp = false;
            var idle = Stopwatch.StartNew();
            var buffer = new byte[1 << 16];
            while (!stop.IsCancellationRequested)
            {
                var read = stream.Read(buffer, 0, buffer.Length);
                if (read > 0)
                {
                    idle.Restart();
                    reader.Feed(buffer.AsSpan(0, read), (line, number) =>
                    {
                        if (builder.Add(line, number) is { } cycle && caughtUp)
                        {
                            GcCycleTextRenderer.Write(progress, cycle);
                            progress.Flush();
                        }
                    });
                    continue;
                }

                if (!caughtUp)
                {
                    caughtUp = true;
                    progress.Write($"gomem: following {path} ({builder.Build().CycleCount} cycles so far); Ctrl-C for the statistics\n");
                    progress.Flush();
                }

                if (stream.Length < stream.Position)
                {
                    // Rotated or truncated in place: start again from the top, as tail -F does.
                    stream.Position = 0;
                    reader = new LineSplitter(path);
                    builder.BeginSource(path);
                }

                if (idleSeconds is { } limit && idle.Elapsed.TotalSeconds >= limit)
                {
                    break;
                }

                stop.Token.WaitHandle.WaitOne(Poll);
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        return GcTraceReader.RequireCycles(builder.Build());
    }

    /// <summary>Cuts a byte stream into lines across reads, keeping an unfinished last line for the next read.</summary>
    private sealed class LineSplitter(string source)
    {
        private byte[] _partial = new byte[256];
        private int _partialLength;
        private long _lineNumber;

        public delegate void LineHandler(ReadOnlySpan<byte> line, long lineNumber);

        public void Feed(ReadOnlySpan<byte> data, LineHandler onLine)
        {
            while (!data.IsEmpty)
            {
                var newline = data.IndexOf((byte)'\n');
                var piece = newline < 0 ? data : data[..newline];
                if (_partialLength + piece.Length > MaxLineBytes)
                {
                    throw new BadInputException(source, $"line is longer than {MaxLineBytes} bytes", lineNumber: _lineNumber + 1);
                }

                if (newline < 0)
                {
                    Append(piece);
                    return;
                }

                _lineNumber++;
                if (_partialLength == 0)
                {
                    onLine(TrimCr(piece), _lineNumber);
                }
                else
                {
                    Append(piece);
                    onLine(TrimCr(_partial.AsSpan(0, _partialLength)), _lineNumber);
                    _partialLength = 0;
                }

                data = data[(newline + 1)..];
            }
        }

        private void Append(ReadOnlySpan<byte> piece)
        {
            if (_partialLength + piece.Length > _partial.Length)
            {
                Array.Resize(ref _partial, Math.Max(_partial.Length * 2, _partialLength + piece.Length));
            }

            piece.CopyTo(_partial.AsSpan(_partialLength));
            _partialLength += piece.Length;
        }

        private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
    }
}
