using System.Diagnostics;
using GoMem.Gc.Model;
using GoMem.Gc.Parsing;
using GoMem.IO;

namespace GoMem.Sources;

/// <summary>
/// Reads a gctrace log that is still being written, like <c>tail -F</c>: what is there already is read silently,
/// then each new cycle is handed to <c>onCycle</c> as soon as its line is complete. Stops when cancelled, or after
/// <c>idle</c> without new data; a log truncated by rotation is read again from its start.
/// </summary>
public static class GcLogFollower
{
    private const int MaxLineBytes = 1 << 20;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <param name="onCaughtUp">Called once, with the cycles read so far, when the existing content has been read.</param>
    public static GcTrace Follow(string path, TimeSpan? idle, Action<GcCycle> onCycle, Action<int> onCaughtUp, CancellationToken cancel)
    {
        var builder = new GcTraceBuilder();
        builder.BeginSource(path);
        using var stream = FileProblem.OpenRead(path, share: FileShare.ReadWrite | FileShare.Delete);
        var reader = new LineSplitter(path);
        var caughtUp = false;
        var quiet = Stopwatch.StartNew();
        var buffer = new byte[1 << 16];
        while (!cancel.IsCancellationRequested)
        {
            var read = stream.Read(buffer, 0, buffer.Length);
            if (read > 0)
            {
                quiet.Restart();
                reader.Feed(buffer.AsSpan(0, read), (line, number) =>
                {
                    if (builder.Add(line, number) is { } cycle && caughtUp)
                    {
                        onCycle(cycle);
                    }
                });
                continue;
            }

            if (!caughtUp)
            {
                caughtUp = true;
                onCaughtUp(builder.Build().CycleCount);
            }

            if (stream.Length < stream.Position)
            {
                // Rotated or truncated in place: start again from the top, as tail -F does.
                stream.Position = 0;
                reader = new LineSplitter(path);
                builder.BeginSource(path);
            }

            if (idle is { } limit && quiet.Elapsed >= limit)
            {
                break;
            }

            cancel.WaitHandle.WaitOne(Poll);
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
