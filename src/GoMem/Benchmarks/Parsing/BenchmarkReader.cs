using System.Text.Json;
using GoMem.IO;

namespace GoMem.Benchmarks.Parsing;

/// <summary>Caps on benchmark inputs so a hostile file cannot exhaust memory.</summary>
public sealed record BenchmarkLimits
{
    public static BenchmarkLimits Default { get; } = new();

    public int MaxLineBytes { get; init; } = 1 << 20;

    public int MaxResults { get; init; } = 20_000_000;
}

/// <summary>
/// Reads Go benchmark output, plain (<c>go test -bench</c>) or as a <c>go test -json</c> event stream (detected by a
/// first line starting with '{'), streaming line by line.
/// </summary>
public static class BenchmarkReader
{
    /// <summary>Reads a whole input; <paramref name="label"/> names its results (the file name or a user label).</summary>
    public static BenchmarkFile Read(Stream stream, string source, string label, BenchmarkLimits? limits = null)
    {
        limits ??= BenchmarkLimits.Default;
        var parser = new BenchmarkLineParser(source, label, limits.MaxResults);
        var peekable = new PeekableStream(stream);
        var json = StartsWithJson(peekable);
        long lines;
        if (json)
        {
            var reader = new BoundedLineReader(peekable, source, limits.MaxLineBytes);
            ReadGoTestJson(reader, parser, source);
            lines = reader.LineNumber;
        }
        else
        {
            lines = ReadText(new SpanLineReader(peekable, source, limits.MaxLineBytes), parser);
        }

        if (parser.Results.Count == 0)
        {
            var why = parser.LeftOutLines > 0
                ? $" (line {parser.LeftOut[0].Line}: {parser.LeftOut[0].Problem}{(parser.LeftOutLines > 1 ? $"; {parser.LeftOutLines - 1} more lines like it" : "")})"
                : parser.NoiseLines > 0 ? $" ({parser.NoiseLines} other lines skipped)" : "";
            var what = parser.LeftOutLines > 0 ? "no benchmark result lines with finite values" : "no benchmark result lines (\"BenchmarkName  N  value unit ...\")";
            throw new BadInputException(source, what + why, lineNumber: Math.Max(1, lines));
        }

        return new BenchmarkFile(label, source, parser.Results, parser.UnitMetadata, parser.NoiseLines, json)
        {
            LeftOutLines = parser.LeftOutLines,
            LeftOut = [.. parser.LeftOut.Select(l => $"{source}:{l.Line}: {l.Problem}; line left out")],
        };
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static long ReadText(SpanLineReader reader, BenchmarkLineParser parser)
    {
        while (reader.TryReadLine(out var line))
        {
            parser.Feed(line, reader.LineNumber);
        }

        return reader.LineNumber;
    }

    /// <summary>
    /// <c>go test -json</c> splits output lines across events (a benchmark's name and its figures arrive apart),
    /// so the "output" text of each package is joined and cut at newlines before parsing.
    /// </summary>
    private static void ReadGoTestJson(BoundedLineReader reader, BenchmarkLineParser parser, string source)
    {
        var pending = new Dictionary<string, System.Text.StringBuilder>(StringComparer.Ordinal);
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.AsSpan().Trim().IsEmpty)
            {
                continue;
            }

            string? action = null, package = null, output = null;
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new BadInputException(source, "go test -json line is not a JSON object", lineNumber: reader.LineNumber);
                }

                action = Text(root, "Action");
                package = Text(root, "Package") ?? "";
                output = Text(root, "Output");
            }
            catch (JsonException e)
            {
                throw new BadInputException(source, "go test -json line is not valid JSON: " + e.Message.Split('.')[0], lineNumber: reader.LineNumber);
            }

            if (action != "output" || output is null)
            {
                continue;
            }

            if (!pending.TryGetValue(package!, out var buffer))
            {
                buffer = new System.Text.StringBuilder();
                pending[package!] = buffer;
            }

            buffer.Append(output);
            if (buffer.Length > 1 << 20)
            {
                throw new BadInputException(source, "go test -json output line longer than 1 MiB", lineNumber: reader.LineNumber);
            }

            var text = buffer.ToString();
            var start = 0;
            for (var newline = text.IndexOf('\n'); newline >= 0; newline = text.IndexOf('\n', start))
            {
                parser.Feed(text.AsSpan(start, newline - start), reader.LineNumber);
                start = newline + 1;
            }

            buffer.Clear().Append(text, start, text.Length - start);
        }

        foreach (var rest in pending.Values)
        {
            if (rest.Length > 0)
            {
                parser.Feed(rest.ToString().AsSpan(), reader.LineNumber);
            }
        }
    }

    /// <summary>A go test -json stream starts (after blank space) with '{'; a benchmark log never does.</summary>
    private static bool StartsWithJson(PeekableStream stream)
    {
        Span<byte> head = stackalloc byte[256];
        var got = stream.Peek(head);
        foreach (var b in head[..got])
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            return b == (byte)'{';
        }

        return false;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
