using System.Runtime.InteropServices;
using System.CommandLine;
using System.Globalization;
using GoMem.Cli.Infrastructure;
using GoMem.Diagnosis;
using GoMem.Leaks;
using GoMem.Output.Diagnosis;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Doctor;

/// <summary>
/// <c>gomem doctor URL|DIR</c>: collects a live service's runtime stats and profiles over a window into a bundle
/// (or reads a saved one), and prints the whole diagnosis, most important finding first; exit 1 when something
/// needs action.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CliContext context)
    {
        var inputs = new Argument<string[]>("service-or-bundle")
        {
            Description = "A live service URL (http://127.0.0.1:6060: /debug/vars, /metrics, heap and goroutine profiles are fetched over --duration), or a bundle folder doctor saved (or any folder or files of snapshots gomem leak reads).",
            Arity = ArgumentArity.OneOrMore,
        };
        var duration = new Option<double>("--duration") { Description = "With a URL: how long to watch the service (a Go duration: 30s, 2m); Ctrl-C ends the window early and diagnoses the snapshots taken.", DefaultValueFactory = _ => 120, CustomParser = DurationOption.Seconds };
        var every = new Option<double>("--every") { Description = "With a URL: the time between snapshots (a Go duration; at least 3 snapshots fit in --duration).", DefaultValueFactory = _ => 15, CustomParser = DurationOption.Seconds };
        var save = new Option<string?>("--save") { Description = "With a URL: the bundle folder to save what was fetched in (new or empty; default ./gomem-doctor-HOST-PORT-TIME/)." };
        var limit = new Option<string?>("--limit") { Description = "The container memory limit (e.g. 1GiB, 512Mi), for GOGC/GOMEMLIMIT advice, the near-limit check and leak projections." };
        var pid = new Option<int?>("--pid") { Description = "With a URL: the service's process ID on this machine; /proc/PID/status is saved with each snapshot, for RSS." };
        var timeout = new Option<double>("--timeout") { Description = "With a URL: how long to wait for each endpoint (a Go duration).", DefaultValueFactory = _ => 30, CustomParser = DurationOption.Seconds };
        var interval = new Option<double?>("--interval") { Description = "With files whose snapshots carry no time: the time between them (a Go duration).", CustomParser = result => DurationOption.Seconds(result) };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Say nothing on stderr while collecting (by default: a status line at a terminal, else a line per snapshot)." };
        var format = OutputOptions.Format("Output format: text, json (the same numbers, for machines) or html (one self-contained page; also chosen by -o NAME.html).", "text", "json", "html");
        var output = OutputOptions.Output();
        var command = new Command("doctor", "Diagnose a Go service's memory in one command: collect runtime stats, heap and goroutine profiles over a window (saved as a bundle every gomem command reads), then report the memory breakdown, leaks, churn vs retention, goroutine groups, GC figures and GOGC/GOMEMLIMIT advice, most important finding first. Exit code 1 when something needs action.")
        {
            inputs, duration, every, save, limit, pid, timeout, interval, quiet, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem doctor http://127.0.0.1:6060",
            "gomem doctor http://127.0.0.1:6060 --duration 5m --every 30s --limit 1GiB --save incident/",
            "gomem doctor incident/                  # the same report again, from the saved bundle",
            "gomem doctor http://127.0.0.1:6060 --quiet --format json > doctor.json",
            "gomem doctor incident/ -o doctor.html");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var paths = result.GetValue(inputs) ?? [];
            var options = new DoctorOptions { LimitBytes = SizeOption.Parse(result.GetValue(limit), "--limit") };
            var target = OutputTarget.From(context, result, format, output);
            var live = paths.Any(ServiceUrl.IsUrl);
            if (live && paths.Length != 1)
            {
                throw new UsageException("give either one service URL or a bundle folder, not both");
            }

            double? step = null;
            if (live)
            {
                if (result.GetResult(interval) is { Implicit: false })
                {
                    throw new UsageException("--interval is for saved files without times; with a URL the snapshots are timed as they are taken");
                }

                paths = [Collect(context, ServiceUrl.Parse(paths[0]), result.GetValue(duration), result.GetValue(every), result.GetValue(timeout), result.GetValue(save), result.GetValue(pid), result.GetValue(quiet))];
            }
            else
            {
                if (new Option[] { duration, every, save, pid, timeout }.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } liveOnly)
                {
                    throw new UsageException($"{liveOnly.Name} is for a live service: give its URL (a bundle is collected already)");
                }

                step = result.GetValue(interval) is { } seconds ? (seconds > 0 ? seconds : throw new UsageException("--interval must be a positive duration")) : null;
            }

            var report = DoctorAnalysis.Analyze(DoctorBundleSource.Load(paths, step), options);
            target.Write(new Renderings()
                .Text(w => DoctorTextRenderer.Write(w, report, context.TimeZone))
                .Json(s => DoctorJsonRenderer.Write(s, report))
                .Html(s => DoctorHtmlRenderer.Write(s, report)));
            return report.NeedsAction ? ExitCodes.Finding : ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Takes the snapshots into the bundle folder and returns it; an empty folder is not left behind on failure.</summary>
    private static string Collect(CliContext context, Uri url, double duration, double every, double timeout, string? save, int? pid, bool quiet)
    {
        if (every is < 0.1 or > 86_400 || duration > 7 * 86_400 || timeout is <= 0 or > 600)
        {
            throw new UsageException("--every must be 100ms to 24h, --duration at most 7 days, --timeout at most 10m");
        }

        var count = (int)Math.Floor((duration / every) + 1e-9) + 1;
        if (count < LeakOptions.MinSnapshots || count > SeriesAnalysis.MaxSnapshots)
        {
            throw new UsageException($"--duration {GoMem.IO.GoDuration.Format(TimeSpan.FromSeconds(duration))} with --every {GoMem.IO.GoDuration.Format(TimeSpan.FromSeconds(every))} takes {count.ToString(CultureInfo.InvariantCulture)} snapshots; a diagnosis needs {LeakOptions.MinSnapshots} to {SeriesAnalysis.MaxSnapshots}");
        }

        if (pid is { } id && (id <= 0 || !Directory.Exists($"/proc/{id}")))
        {
            throw new UsageException($"--pid {id}: no such process on this machine");
        }

        var directory = save ?? DefaultBundleName(url, DateTimeOffset.UtcNow);
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new UsageException($"--save {directory}: the folder already holds files; a bundle is one series of one process, so give a new or empty folder");
        }

        var existed = Directory.Exists(directory);
        using var progress = new DoctorProgress(context, quiet, count, TimeSpan.FromSeconds(every));
        var client = new LiveServiceClient(TimeSpan.FromSeconds(timeout), LiveServiceClient.DefaultMaxBodyBytes, progress.Note);

        // Ctrl-C (or SIGINT) ends the window early: the snapshots taken so far are diagnosed; a second one kills.
        using var stop = new CancellationTokenSource();
        var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, e =>
        {
            e.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        });
        try
        {
            new SnapshotSeriesCollector(url, client, progress.Taken, pid).Collect(directory, count, TimeSpan.FromSeconds(every), stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && progress.TakenCount > 0)
        {
            progress.Dispose();
            if (!quiet)
            {
                context.Stderr.WriteLine($"gomem: stopped after {progress.TakenCount.ToString(CultureInfo.InvariantCulture)} of {count.ToString(CultureInfo.InvariantCulture)} snapshots; diagnosing those");
            }
        }
        catch when (!existed && Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
            throw;
        }
        finally
        {
            // From here on Ctrl-C stops gomem at once, as usual.
            sigint.Dispose();
        }

        progress.Dispose();
        if (!quiet)
        {
            context.Stderr.WriteLine($"gomem: saved {progress.TakenCount.ToString(CultureInfo.InvariantCulture)} snapshots in {directory} (gomem doctor {directory} reads them again)");
        }

        return directory;
    }

    /// <summary>gomem-doctor-HOST-PORT-20260102T150405Z: one new folder per run, named for the service and the time.</summary>
    internal static string DefaultBundleName(Uri url, DateTimeOffset now)
    {
        var name = url.HostNameType == UriHostNameType.IPv6 ? "ipv6-" + url.Host.Trim('[', ']') : url.Host;
        var host = new string([.. name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' ? ch : '-')]);
        return $"gomem-doctor-{host}-{url.Port.ToString(CultureInfo.InvariantCulture)}-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
    }
}
