using GoMem.Gc.Model;
using GoMem.IO;

namespace GoMem.Gc.Parsing;

/// <summary>Reads gctrace logs from files (gzip or plain) or a stream, and refuses input with no GC cycle at all.</summary>
public static class GcTraceReader
{
    public static GcTrace ReadFiles(IReadOnlyList<string> paths, InputLimits? limits = null)
    {
        var builder = new GcTraceBuilder(limits);
        foreach (var path in paths)
        {
            using var input = InputOpener.OpenFile(path, limits);
            builder.AddAll(input.Content, path);
        }

        return RequireCycles(builder.Build());
    }

    public static GcTrace Read(Stream stream, string source, InputLimits? limits = null)
    {
        var builder = new GcTraceBuilder(limits);
        using var input = InputOpener.Open(source, stream, limits);
        builder.AddAll(input.Content, source);
        return RequireCycles(builder.Build());
    }

    /// <summary>A log without a single cycle is not a gctrace log: say so, naming the first unreadable cycle line if any.</summary>
    public static GcTrace RequireCycles(GcTrace trace)
    {
        if (trace.CycleCount > 0)
        {
            return trace;
        }

        var source = string.Join(", ", trace.Sources);
        if (trace.UnparsedSamples.Count > 0)
        {
            var first = trace.UnparsedSamples[0];
            throw new BadInputException(first.Source, $"no readable GC cycle line: {first.Problem} ({trace.UnparsedCount} gctrace-like lines, none readable)", lineNumber: first.LineNumber);
        }

        var lines = trace.Noise.ScavengerLines + trace.Noise.RuntimeLines + trace.Noise.OtherLines;
        throw new BadInputException(source, $"no GC cycle line ('gc N @…s …%: …') in {lines} non-empty lines: run the program with GODEBUG=gctrace=1 and capture its standard error");
    }
}
