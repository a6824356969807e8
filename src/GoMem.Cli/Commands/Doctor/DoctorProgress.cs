using System.Diagnostics;
using System.Globalization;
using GoMem.Cli.Infrastructure;
using GoMem.IO;

namespace GoMem.Cli.Commands.Doctor;

/// <summary>
/// What doctor says on stderr while it collects: at a terminal, one status line rewritten in place every second
/// (snapshots taken, the wait for the next, time left); elsewhere (a log, a CI step) one line per snapshot; with
/// --quiet nothing. Standard output is never touched: it carries the report.
/// </summary>
internal sealed class DoctorProgress : IDisposable
{
    private readonly CliContext _context;
    private readonly bool _quiet;
    private readonly int _count;
    private readonly TimeSpan _every;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly Timer? _timer;
    private int _taken;
    private bool _done;

    public DoctorProgress(CliContext context, bool quiet, int count, TimeSpan every)
    {
        _context = context;
        _quiet = quiet;
        _count = count;
        _every = every;
        if (!quiet && context.StderrIsTerminal)
        {
            _timer = new Timer(_ => Redraw(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>How many snapshots were taken so far.</summary>
    public int TakenCount
    {
        get
        {
            lock (_lock)
            {
                return _taken;
            }
        }
    }

    /// <summary>A snapshot was taken (called by the collector with its own line).</summary>
    public void Taken(string line)
    {
        lock (_lock)
        {
            _taken++;
            if (_quiet)
            {
                return;
            }

            if (_timer is null)
            {
                _context.Stderr.WriteLine("gomem: " + line);
                _context.Stderr.Flush();
                return;
            }
        }

        Redraw();
    }

    /// <summary>A note of the client (an endpoint not served): its own line, above the status line at a terminal.</summary>
    public void Note(string note)
    {
        lock (_lock)
        {
            if (_quiet)
            {
                return;
            }

            _context.Stderr.WriteLine((_timer is null || _done ? "" : "\r\u001b[K") + "gomem: note: " + note);
            _context.Stderr.Flush();
        }

        Redraw();
    }

    /// <summary>The status line: "snapshot 3/9 taken; next in 12s; 1m30s left".</summary>
    internal static string Status(int taken, int count, TimeSpan elapsed, TimeSpan every)
    {
        var c = CultureInfo.InvariantCulture;
        if (taken == 0)
        {
            return $"gomem doctor: taking snapshot 1/{count.ToString(c)}...";
        }

        if (taken >= count)
        {
            return $"gomem doctor: {count.ToString(c)} snapshots taken; diagnosing...";
        }

        var next = every * taken - elapsed;
        var left = every * (count - 1) - elapsed;
        return $"gomem doctor: snapshot {taken.ToString(c)}/{count.ToString(c)} taken; next in {Seconds(next)}; {Seconds(left)} left";
    }

    private static string Seconds(TimeSpan span) => GoDuration.Format(TimeSpan.FromSeconds(Math.Max(0, Math.Ceiling(span.TotalSeconds))));

    private void Redraw()
    {
        lock (_lock)
        {
            if (_done || _timer is null)
            {
                return;
            }

            // \r returns to the line's start, ESC[K clears what a longer line left behind.
            _context.Stderr.Write("\r" + Status(_taken, _count, _clock.Elapsed, _every) + "\u001b[K");
            _context.Stderr.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_timer is not null && !_done)
            {
                _context.Stderr.Write("\r\u001b[K");
                _context.Stderr.Flush();
            }

            _done = true;
        }

        _timer?.Dispose();
    }
}
