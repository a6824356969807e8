using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Gc.Tuning;
using GoMem.IO;
using GoMem.Output.Gc;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Gc;

/// <summary><c>gomem gc tune</c>: GOMEMLIMIT and GOGC for a container, with warnings and the lines to paste.</summary>
internal static class GcTuneCommand
{
    public static Command Create(CliContext context)
    {
        var limit = new Option<string?>("--limit") { Description = "The container's memory limit: a Kubernetes quantity (512Mi, 1Gi; 512M is 512×10⁶) or a GOMEMLIMIT size (512MiB)." };
        var requests = new Option<string?>("--requests") { Description = "The container's memory request (Kubernetes requests.memory)." };
        var swap = new Option<string?>("--memory-swap") { Description = "Docker's --memory-swap (memory plus swap; -1 = unlimited swap); 'unset' when docker run had none (then swap equals the memory limit again, i.e. unlimited on many hosts)." };
        var trace = new Option<string?>("--trace") { Description = "A gctrace log of the program: candidates are replayed on it (gomem gc whatif) to pick GOGC." };
        var vars = new Option<string?>("--vars") { Description = "A /debug/vars JSON of the program: measures its runtime non-heap memory and live heap." };
        var status = new Option<string?>("--status") { Description = "With --vars: /proc/PID/status at the same moment, to measure memory outside Go's accounting (RSS − (Sys − HeapReleased))." };
        var goal = new Option<string>("--goal")
        {
            Description = "What to optimise: general (the default), latency (keep the limit from ever steering the GC), throughput (fewer cycles, more memory) or batch (GOGC=off with GOMEMLIMIT where safe).",
            DefaultValueFactory = _ => "general",
        }.AcceptOnlyFromAmong("general", "latency", "throughput", "batch");
        var k8s = new Option<string?>("--k8s") { Description = "A Kubernetes manifest (multi-document YAML): advice for every container of its Deployments, StatefulSets, DaemonSets, Jobs, CronJobs and Pods." };
        var cgroup = new Option<string?>("--cgroup")
        {
            Description = "Read the limit from a cgroup: this process's own (no value), or a cgroup directory (v1 memory or v2).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var currentGogc = new Option<string?>("--current-gogc") { Description = "The GOGC the program runs with now, for the warnings (a manifest's env says it by itself)." };
        var currentLimit = new Option<string?>("--current-gomemlimit") { Description = "The GOMEMLIMIT the program runs with now, for the warnings." };
        var goVersion = GoReleaseOption.Create();
        var format = OutputOptions.Format("Output format: text or json.");
        var output = OutputOptions.Output();
        var command = new Command("tune", "Recommend GOMEMLIMIT and GOGC for a container's memory limit, warn about settings that end in OOM kills, swapping or GC thrash, and print the env lines, Go code and Kubernetes YAML to paste.")
        {
            limit, requests, swap, trace, vars, status, goal, k8s, cgroup, currentGogc, currentLimit, goVersion, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem gc tune --limit 512Mi",
            "gomem gc tune --limit 1Gi --requests 600Mi --trace gc.log --goal throughput",
            "gomem gc tune --k8s deploy.yaml --vars vars.json",
            "gomem gc tune --cgroup --goal latency",
            "gomem gc tune --limit 2GiB --memory-swap unset --current-gogc off");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            var containers = TuneOptions.Containers(
                result.GetValue(limit), result.GetValue(requests), result.GetValue(swap), result.GetValue(k8s),
                result.GetResult(cgroup) is not null, result.GetValue(cgroup), result.GetValue(currentGogc), result.GetValue(currentLimit));
            // The advice is a GOMEMLIMIT: a program on a release without one needs an upgrade first, not numbers.
            var release = GoReleaseOption.Read(result.GetValue(goVersion));
            GoReleaseOption.RequireMemoryLimitSupport(release, "gc tune recommends GOMEMLIMIT, which");
            if (result.GetValue(status) is not null && result.GetValue(vars) is null)
            {
                throw new UsageException("--status measures memory outside Go only together with --vars taken at the same moment");
            }

            var gogcNow = double.TryParse(result.GetValue(currentGogc), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var g) ? g : 100;
            StandardInput.Announce(context, result.GetValue(trace), "a GODEBUG=gctrace=1 log");
            var evidence = TuningSources.Evidence(result.GetValue(trace), result.GetValue(vars), result.GetValue(status), gogcNow) with { GoMinor = release };
            var chosenGoal = Enum.Parse<TuningGoal>(result.GetValue(goal) ?? "general", ignoreCase: true);
            var advice = new List<TuningAdvice>();
            foreach (var container in containers)
            {
                try
                {
                    advice.Add(GcTuningAnalysis.Analyze(container, evidence, chosenGoal));
                }
                catch (BadInputException e) when (containers.Count > 1)
                {
                    context.Stderr.WriteLine("gomem: " + e.Message);
                }
            }

            if (advice.Count == 0)
            {
                throw new UsageException("no container with a memory limit to tune");
            }

            target.Write(new Renderings()
                .Text(w => TuneTextRenderer.Write(w, advice))
                .Json(s => TuneJsonRenderer.Write(s, advice)));
            return ExitCodes.Success;
        }));
        return command;
    }
}
