using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using GoMem.IO;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Robustness;

/// <summary>What one case did. Accepted and Refused keep the contract; the others break it.</summary>
internal enum OutcomeKind
{
    Accepted,
    Refused,
    Crash,
    BadMessage,
    Hang,
    Blowup,
}

/// <param name="Kind">What happened.</param>
/// <param name="Detail">The message, or the exception and its top frames, or why the case failed.</param>
/// <param name="Cause">What tells two failures apart as different bugs (the exception type and where it was thrown, the kind of bad message).</param>
/// <param name="AllocatedBytes">Allocated by the case's thread.</param>
/// <param name="Elapsed">How long the case ran.</param>
internal sealed record Outcome(OutcomeKind Kind, string Detail, string Cause, long AllocatedBytes, TimeSpan Elapsed)
{
    public bool Failed => Kind >= OutcomeKind.Crash;

    public string Signature => Kind + ": " + Cause;
}

/// <summary>
/// Runs cases of one target: writes the case's file where the target reads it (beside copies of the seed's sibling
/// files when it reads a folder), runs the target on a worker thread, and judges the result: accepted, or refused
/// with a <see cref="BadInputException"/> whose message is one line naming the file; never another exception, never
/// longer than the timeout (a hang), never more allocation than the bound for the input's size (a blow-up).
/// </summary>
internal sealed class CaseRunner : IDisposable
{
    /// <summary>Allocation every case may use whatever its size: runtime, regexes, report tables.</summary>
    public const long BaseAllocationBytes = 256L << 20;

    /// <summary>Allocation allowed per byte of (inflated) input: parsing, the model, the analysis, with a wide margin.</summary>
    public const long AllocationPerInputByte = 256;

    private readonly FuzzTarget _target;
    private readonly FuzzSettings _settings;
    private readonly string _root = Directory.CreateTempSubdirectory("gomem-fuzz-").FullName;
    private readonly Dictionary<int, string> _seedFolders = [];
    private Worker _worker = new();

    public CaseRunner(FuzzTarget target, FuzzSettings settings)
    {
        _target = target;
        _settings = settings;
    }

    public void Dispose()
    {
        _worker.Stop();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A case abandoned as a hang may still hold its file open.
        }
    }

    /// <summary>The seed input's name: the file a case is written as (parsers sniff by name for cgroup files).</summary>
    public string FileName(int seed) => Path.GetFileName(_target.Seeds[seed]);

    public Outcome Run(int seed, byte[] bytes, long allocationLimit, TimeSpan timeout)
    {
        var folder = SeedFolder(seed);
        var path = Path.Combine(folder, FileName(seed));
        File.WriteAllBytes(path, bytes);
        var argument = _target.Directory ? folder : path;
        var job = new Job(() => _target.Run(argument));
        _worker.Post(job);
        var clock = Stopwatch.StartNew();
        while (!job.Done.Wait(TimeSpan.FromMilliseconds(100)))
        {
            if (clock.Elapsed > timeout)
            {
                // The thread cannot be stopped: leave it (a background thread) and carry on with a new one.
                _worker = new Worker();
                return new Outcome(OutcomeKind.Hang, $"still running after {timeout.TotalSeconds:0} s", "hang", 0, clock.Elapsed);
            }

            if (GC.GetTotalMemory(forceFullCollection: false) > _settings.MaxHeapBytes)
            {
                RunawayStop(bytes, seed);
            }
        }

        return Judge(job, argument, allocationLimit);
    }

    /// <summary>The allocation bound of a case: a base plus a multiple of what the input inflates to (a gzip bomb: of its stored size).</summary>
    public static long AllocationLimit(byte[] bytes, Wrapping wrapping)
    {
        var size = wrapping is Wrapping.GzipBomb or Wrapping.GzipBombOfNewlines ? bytes.Length : GzipBytes.InflatedLength(bytes, 1L << 26);
        return BaseAllocationBytes + (AllocationPerInputByte * size);
    }

    /// <summary>The longest message a refusal may print beyond its file's path (a quoted value is cut, not printed whole).</summary>
    public const int MaxMessageLength = 2_500;

    /// <summary>Why a refusal breaks the contract (null: it keeps it): one line of bounded length, naming the input, no control characters.</summary>
    public static string? MessageProblem(string message, string argument)
    {
        if (message.Length == 0)
        {
            return "empty message";
        }

        if (message.Length > MaxMessageLength + argument.Length)
        {
            return $"message of {message.Length} characters";
        }

        if (message.IndexOfAny(['\n', '\r']) >= 0)
        {
            return "message of more than one line";
        }

        foreach (var c in message)
        {
            if (char.IsControl(c) && c != '\t')
            {
                return $"control character U+{(int)c:X4} in the message";
            }
        }

        var name = Path.GetFileName(argument.TrimEnd(Path.DirectorySeparatorChar));
        return message.Contains(name, StringComparison.Ordinal) ? null : $"message does not name the input ({name})";
    }

    private Outcome Judge(Job job, string argument, long allocationLimit)
    {
        var elapsed = job.Elapsed;
        if (job.Error is OutOfMemoryException)
        {
            return new Outcome(OutcomeKind.Blowup, "OutOfMemoryException", "out of memory", job.Allocated, elapsed);
        }

        if (job.Allocated > allocationLimit)
        {
            return new Outcome(OutcomeKind.Blowup, $"allocated {job.Allocated >> 20} MiB, more than the bound of {allocationLimit >> 20} MiB for this input", "allocation", job.Allocated, elapsed);
        }

        switch (job.Error)
        {
            case null:
                return new Outcome(OutcomeKind.Accepted, "", "", job.Allocated, elapsed);
            case BadInputException or InvalidSettingException when job.Error is BadInputException || _target.MayAskForSetting:
                return MessageProblem(job.Error.Message, argument) is { } problem
                    ? new Outcome(OutcomeKind.BadMessage, $"{problem}: {Escape(job.Error.Message)}", Regex.Replace(problem, "U\\+[0-9A-F]{4}|[0-9]+", "N"), job.Allocated, elapsed)
                    : new Outcome(OutcomeKind.Refused, job.Error.Message, "", job.Allocated, elapsed);
            default:
                var frames = TopFrames(job.Error);
                return new Outcome(OutcomeKind.Crash, $"{job.Error.GetType().FullName}: {Escape(job.Error.Message)}\n{frames}", $"{job.Error.GetType().Name} {frames.Split('\n')[0]}", job.Allocated, elapsed);
        }
    }

    private static string Escape(string message) =>
        string.Concat(message.Take(400).Select(c => char.IsControl(c) && c != '\t' ? $"\\u{(int)c:X4}" : c.ToString()));

    private static string TopFrames(Exception e) =>
        string.Join('\n', (e.StackTrace ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(6));

    private string SeedFolder(int seed)
    {
        if (_seedFolders.TryGetValue(seed, out var folder))
        {
            return folder;
        }

        folder = Path.Combine(_root, seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        if (_target.CopySiblings)
        {
            foreach (var sibling in Directory.GetFiles(Path.GetDirectoryName(Path.Combine(RepoPaths.Root, _target.Seeds[seed]))!))
            {
                File.Copy(sibling, Path.Combine(folder, Path.GetFileName(sibling)));
            }
        }

        _seedFolders[seed] = folder;
        return folder;
    }

    private void RunawayStop(byte[] bytes, int seed)
    {
        var saved = FuzzResults.SaveRunaway(_settings, _target, FileName(seed), bytes);
        Environment.FailFast($"gomem fuzz: {_target.Name}: a case took the managed heap past {_settings.MaxHeapBytes >> 30} GiB; its input is saved as {saved}");
    }

    private sealed class Job(Action action)
    {
        public ManualResetEventSlim Done { get; } = new();

        public Exception? Error { get; private set; }

        public long Allocated { get; private set; }

        public TimeSpan Elapsed { get; private set; }

        public void Execute()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                action();
            }
            catch (Exception e)
            {
                Error = e;
            }

            Elapsed = clock.Elapsed;
            Allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Done.Set();
        }
    }

    /// <summary>A background thread running jobs one at a time (with a deep stack, as the command's main thread has).</summary>
    private sealed class Worker
    {
        private readonly BlockingCollection<Job> _jobs = [];

        public Worker()
        {
            var thread = new Thread(Loop, maxStackSize: 8 << 20) { IsBackground = true, Name = "gomem-fuzz-case" };
            thread.Start();
        }

        public void Post(Job job) => _jobs.Add(job);

        public void Stop() => _jobs.CompleteAdding();

        private void Loop()
        {
            foreach (var job in _jobs.GetConsumingEnumerable())
            {
                job.Execute();
            }
        }
    }
}
