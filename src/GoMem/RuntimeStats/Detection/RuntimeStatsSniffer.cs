using System.Text;
using System.Text.RegularExpressions;
using GoMem.IO;

namespace GoMem.RuntimeStats.Detection;

/// <summary>
/// Tells the runtime-statistics inputs apart from their first bytes, so <c>gomem explain a b c</c> can take files
/// in any order. Looks only at content (plus the file name for one-value cgroup files such as memory.max, whose
/// content is just a number); gzip and binary data are <see cref="RuntimeStatsSourceKind.Unknown"/>.
/// </summary>
public static partial class RuntimeStatsSniffer
{
    /// <summary>How many leading bytes <see cref="SniffFile"/> reads.</summary>
    public const int HeadBytes = 4096;

    private const int TailBytes = 64;

    private static readonly string[] CgroupMarkers = ["memory.current", "memory.max", "memory.stat", "memory.usage_in_bytes", "memory.limit_in_bytes"];

    /// <summary>Sniffs a file or a directory. For files, also reads the last bytes to see OpenMetrics' <c># EOF</c>.</summary>
    public static RuntimeStatsSourceKind SniffFile(string path)
    {
        if (Directory.Exists(path))
        {
            return Array.Exists(CgroupMarkers, f => File.Exists(Path.Combine(path, f))) ? RuntimeStatsSourceKind.CgroupDirectory : RuntimeStatsSourceKind.Unknown;
        }

        using var stream = FileProblem.OpenRead(path, bufferSize: 1);
        var head = new byte[HeadBytes];
        var length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var kind = Sniff(head.AsSpan(0, length), Path.GetFileName(path));
        if (kind == RuntimeStatsSourceKind.PrometheusText && stream.CanSeek && stream.Length > length)
        {
            var tail = new byte[TailBytes];
            stream.Seek(-Math.Min(TailBytes, stream.Length - length), SeekOrigin.End);
            var tailLength = stream.ReadAtLeast(tail, tail.Length, throwOnEndOfStream: false);
            if (EndsWithEof(tail.AsSpan(0, tailLength)))
            {
                return RuntimeStatsSourceKind.OpenMetricsText;
            }
        }

        return kind;
    }

    /// <summary>
    /// Sniffs the first bytes of an input (<see cref="HeadBytes"/> is plenty). When <paramref name="head"/> is the
    /// whole input, an OpenMetrics <c># EOF</c> at its end is seen too.
    /// </summary>
    public static RuntimeStatsSourceKind Sniff(ReadOnlySpan<byte> head, string? fileName = null)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        if (head.IsEmpty || !IsText(head))
        {
            return RuntimeStatsSourceKind.Unknown;
        }

        var text = Encoding.UTF8.GetString(head);
        var trimmed = text.TrimStart(' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('{'))
        {
            // /debug/vars opens with "{" on a line of its own; go test -json writes one event object per line.
            var newline = trimmed.IndexOf('\n');
            var firstLine = newline < 0 ? trimmed : trimmed[..newline];
            return firstLine.Contains("\"Action\":", StringComparison.Ordinal) ? RuntimeStatsSourceKind.GoTestJson : RuntimeStatsSourceKind.ExpvarJson;
        }

        // The last line may be cut in the middle: judge by complete lines when there are any.
        var lines = CompleteLines(text);
        var first = lines.Length > 0 ? lines[0] : "";
        if (first.StartsWith("Name:", StringComparison.Ordinal) || IsStatusExcerpt(lines))
        {
            return RuntimeStatsSourceKind.ProcStatus;
        }

        if (RollupHeader().IsMatch(first))
        {
            return RuntimeStatsSourceKind.SmapsRollup;
        }

        if (AllMatch(lines, CgroupLine()))
        {
            return RuntimeStatsSourceKind.ProcCgroup;
        }

        if (AllMatch(lines, KeyValueLine()) && LooksLikeCgroupKeys(lines, fileName))
        {
            return RuntimeStatsSourceKind.CgroupMemoryFile;
        }

        if (lines.Length == 1 && OneValue().IsMatch(lines[0]) && fileName is not null && fileName.StartsWith("memory.", StringComparison.Ordinal))
        {
            return RuntimeStatsSourceKind.CgroupMemoryFile;
        }

        return SniffExposition(lines);
    }

    private static RuntimeStatsSourceKind SniffExposition(string[] lines)
    {
        var sawMetric = false;
        foreach (var line in lines)
        {
            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (text == "# EOF" || text.StartsWith("# UNIT ", StringComparison.Ordinal) || OpenMetricsType().IsMatch(text) || text.Contains(" # {", StringComparison.Ordinal))
            {
                return RuntimeStatsSourceKind.OpenMetricsText;
            }

            if (text.StartsWith("# HELP ", StringComparison.Ordinal) || text.StartsWith("# TYPE ", StringComparison.Ordinal) || SampleLine().IsMatch(text))
            {
                sawMetric = true;
            }
            else if (!text.StartsWith('#'))
            {
                return RuntimeStatsSourceKind.Unknown;
            }
        }

        return sawMetric ? RuntimeStatsSourceKind.PrometheusText : RuntimeStatsSourceKind.Unknown;
    }

    /// <summary>
    /// Lines of /proc/PID/status without its Name line, e.g. <c>grep Vm /proc/PID/status</c>: every line is
    /// "Key:" and a tab or spaces, with a key /proc/PID/status has (Vm*, Rss*, and the other known ones).
    /// </summary>
    private static bool IsStatusExcerpt(string[] lines) => AllMatch(lines, StatusLine());

    /// <summary>memory.stat/memory.events keys, or a memory.* file name.</summary>
    private static bool LooksLikeCgroupKeys(string[] lines, string? fileName)
    {
        if (fileName is not null && fileName.StartsWith("memory.", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var line in lines)
        {
            var key = line.Split(' ')[0];
            if (key is "anon" or "file" or "kernel_stack" or "rss" or "cache" or "total_rss" or "oom_kill" or "under_oom")
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithEof(ReadOnlySpan<byte> tail)
    {
        var text = Encoding.UTF8.GetString(tail).TrimEnd('\n', '\r', ' ');
        return text.EndsWith("\n# EOF", StringComparison.Ordinal) || text == "# EOF";
    }

    /// <summary>UTF-8 text without NULs or control bytes other than tab, CR and LF (a cut multi-byte character at the end is fine).</summary>
    private static bool IsText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                return false;
            }
        }

        var status = System.Buffers.OperationStatus.Done;
        for (var offset = 0; offset < head.Length;)
        {
            status = Rune.DecodeFromUtf8(head[offset..], out _, out var consumed);
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                return false;
            }

            offset += consumed;
            if (status == System.Buffers.OperationStatus.NeedMoreData)
            {
                break;
            }
        }

        return true;
    }

    private static string[] CompleteLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length > 1)
        {
            // Drop the piece after the last newline: it may be cut (or empty).
            return lines[..^1];
        }

        return lines;
    }

    private static bool AllMatch(string[] lines, Regex regex)
    {
        var any = false;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (!regex.IsMatch(line))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    [GeneratedRegex(@"^[0-9a-f]+-[0-9a-f]+\s+[-rwxsp]{4}\s+[0-9a-f]+\s+[0-9a-f]+:[0-9a-f]+\s+\d+\s+\[rollup\]\s*$")]
    private static partial Regex RollupHeader();

    [GeneratedRegex(@"^\d+:[^:]*:/")]
    private static partial Regex CgroupLine();

    [GeneratedRegex(@"^[a-z_0-9]+ -?\d+$")]
    private static partial Regex KeyValueLine();

    [GeneratedRegex(@"^\s*(max|\d+)\s*$")]
    private static partial Regex OneValue();

    [GeneratedRegex(@"^(Vm[A-Za-z]+|Rss[A-Za-z]+|HugetlbPages|Name|Umask|State|Tgid|Ngid|Pid|PPid|TracerPid|Uid|Gid|FDSize|Groups|NStgid|NSpid|NSpgid|NSsid|Kthread|CoreDumping|THP_enabled|untag_mask|Threads|SigQ|SigPnd|ShdPnd|SigBlk|SigIgn|SigCgt|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp|Seccomp_filters|Speculation_Store_Bypass|SpeculationIndirectBranch|Cpus_allowed|Cpus_allowed_list|Mems_allowed|Mems_allowed_list|voluntary_ctxt_switches|nonvoluntary_ctxt_switches|x86_Thread_features|x86_Thread_features_locked):[ \t]")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^# TYPE \S+ (unknown|gaugehistogram|stateset|info)\s*$")]
    private static partial Regex OpenMetricsType();

    /// <summary>
    /// A sample line with a numeric value: <c>name value</c>, <c>name{...} value</c> or <c>{"name",...} value</c>, and
    /// an optional numeric timestamp (so "VmRSS: 1234 kB" is not mistaken for one).
    /// </summary>
    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\}\s*|\s+)|\{.*\}\s*)[-+]?(\d[\d_]*(\.[\d_]*)?([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|0[xX][0-9a-fA-F_.]+[pP][-+]?\d+|[Ii]nf(inity)?|NaN|nan)(\s+[-+]?\d+(\.\d+)?([eE][-+]?\d+)?)?(\s+#.*)?\s*$")]
    private static partial Regex SampleLine();
}
