using System.Collections.Immutable;
using System.Text.Json;
using GoMem.IO;

namespace GoMem.Escape.Parsing;

/// <summary>
/// Reads the compiler's JSON optimization log (<c>go build -gcflags=-json=0,DIR</c>): DIR/&lt;package&gt;/&lt;file&gt;.json,
/// each a header line (version 0, package, absolute file) then one LSP-style diagnostic per line, with -m -m's
/// reason chain as "escflow:" related information. Compared with the text log it lacks function names (inlining
/// decisions say only "cost: N") and does not tell "moved to heap" from "escapes", so such findings are all
/// <see cref="EscapeKind.Escapes"/>. Paths are made relative to the directory all source files share, as the
/// text log's are. Files may be gzipped (*.json.gz). Bounds-check and nil-check diagnostics (isInBounds, nilcheck, ...) are counted as known and skipped.
/// </summary>
public static class CompilerJsonLogReader
{
    public const int MaxFiles = 100_000;

    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "isInBounds", "isSliceInBounds", "nilcheck", "copy", "bce" };

    public static EscapeLog ReadDirectory(string directory, InputLimits? limits = null)
    {
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".json.gz", StringComparison.Ordinal))
            .Take(MaxFiles + 1)
            .ToList();
        if (files.Count > MaxFiles)
        {
            throw new BadInputException(directory, $"more than {MaxFiles} JSON files: not a compiler log directory?");
        }

        files.Sort(StringComparer.Ordinal);
        var documents = new List<(string Package, string File, List<Diagnostic> Diagnostics)>();
        long lines = 0, unknown = 0;
        var samples = new List<UnknownLine>();
        foreach (var file in files)
        {
            using var input = InputOpener.OpenFile(file, limits);
            var reader = new BoundedLineReader(input.Content, file, EscapeLogParser.MaxLineBytes);
            string? package = null, source = null;
            var diagnostics = new List<Diagnostic>();
            while (reader.ReadLine() is { } line)
            {
                lines++;
                if (line.Length == 0)
                {
                    continue;
                }

                try
                {
                    using var json = JsonDocument.Parse(line);
                    var root = json.RootElement;
                    if (package is null)
                    {
                        if (!root.TryGetProperty("version", out var version) || version.GetInt32() != 0)
                        {
                            throw new BadInputException(file, "not a version 0 compiler JSON log header", lineNumber: reader.LineNumber);
                        }

                        package = root.GetProperty("package").GetString() ?? "";
                        source = root.GetProperty("file").GetString() ?? "";
                        continue;
                    }

                    diagnostics.Add(Diagnostic.From(root, reader.LineNumber));
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException && e is not BadInputException)
                {
                    unknown++;
                    if (samples.Count < EscapeLogState.MaxUnknownSamples)
                    {
                        samples.Add(new UnknownLine(reader.LineNumber, Path.GetFileName(file) + ": " + (line.Length > 200 ? line[..200] + "..." : line)));
                    }
                }
            }

            if (package is not null && source is not null)
            {
                documents.Add((package, source, diagnostics));
            }
        }

        var sourceRoot = CommonDirectory(documents.Select(d => d.File));
        var findings = ImmutableArray.CreateBuilder<EscapeFinding>();
        foreach (var (package, file, diagnostics) in documents)
        {
            foreach (var d in diagnostics)
            {
                if (ToFinding(package, Relative(file, sourceRoot), d, sourceRoot) is { } finding)
                {
                    findings.Add(finding);
                }
                else if (!Skipped.Contains(d.Code) && !(d.Code == "escape" && d.Message.Length == 0))
                {
                    unknown++;
                    if (samples.Count < EscapeLogState.MaxUnknownSamples)
                    {
                        samples.Add(new UnknownLine(d.LineNumber, $"{d.Code}: {d.Message}"));
                    }
                }
            }
        }

        if (findings.Count == 0)
        {
            throw new BadInputException(directory, files.Count == 0 ? "no *.json files: expected the directory given to go build -gcflags=-json=0,DIR" : "no escape-analysis or inlining diagnostics in the JSON log");
        }

        var packages = documents.Select(d => d.Package).Distinct(StringComparer.Ordinal).ToImmutableArray();
        return new EscapeLog(directory, findings.ToImmutable(), packages, 2, lines, unknown, [.. samples]) { IsJsonLog = true };
    }

    private static EscapeFinding? ToFinding(string package, string file, Diagnostic d, string root)
    {
        var reason = d.Flow.Select(f => f.Text(root)).ToImmutableArray();
        switch (d.Code)
        {
            case "canInlineFunction":
                var cost = d.Message.StartsWith("cost: ", StringComparison.Ordinal) && int.TryParse(d.Message.AsSpan(6), out var c) ? c : (int?)null;
                return new EscapeFinding(EscapeKind.CanInline, package, file, d.Line, d.Column, "", "", cost is null ? "" : $"cost {cost}", [], d.LineNumber) { Cost = cost };
            case "cannotInlineFunction":
                return new EscapeFinding(EscapeKind.CannotInline, package, file, d.Line, d.Column, "", "", d.Message, [d.Message], d.LineNumber);
            case "escape" or "escapes" when d.Message.EndsWith(" escapes to heap", StringComparison.Ordinal):
                return new EscapeFinding(EscapeKind.Escapes, package, file, d.Line, d.Column, "", d.Message[..^" escapes to heap".Length], "", reason, d.LineNumber);
            case "leak" when d.Message.StartsWith("parameter ", StringComparison.Ordinal) && d.Message.IndexOf(" leaks to ", StringComparison.Ordinal) is var at and > 10:
                var name = d.Message[10..at];
                var target = d.Message[(at + " leaks to ".Length)..];
                var kind = target.StartsWith("{heap}", StringComparison.Ordinal)
                    ? (target.EndsWith("derefs=0", StringComparison.Ordinal) ? EscapeKind.LeakingParam : EscapeKind.LeakingParamContent)
                    : EscapeKind.LeakingParamToResult;
                return new EscapeFinding(kind, package, file, d.Line, d.Column, "", name, kind == EscapeKind.LeakingParamToResult ? target : "", reason, d.LineNumber);
            default:
                return null;
        }
    }

    private static string CommonDirectory(IEnumerable<string> files)
    {
        string? common = null;
        foreach (var file in files)
        {
            if (!file.StartsWith('/'))
            {
                continue; // <autogenerated>
            }

            var directory = file[..(file.LastIndexOf('/') + 1)];
            if (common is null)
            {
                common = directory;
                continue;
            }

            var length = 0;
            while (length < common.Length && length < directory.Length && common[length] == directory[length])
            {
                length++;
            }

            common = common[..(common.LastIndexOf('/', Math.Max(0, length - 1)) + 1)];
        }

        return common ?? "";
    }

    private static string Relative(string file, string root) =>
        root.Length > 0 && file.StartsWith(root, StringComparison.Ordinal) ? file[root.Length..] : file;

    /// <summary>One diagnostic line: code, message, 1-based position, and its "escflow:" chain.</summary>
    private sealed record Diagnostic(string Code, string Message, int Line, int Column, List<FlowStep> Flow, long LineNumber)
    {
        public static Diagnostic From(JsonElement root, long lineNumber)
        {
            var start = root.GetProperty("range").GetProperty("start");
            var flow = new List<FlowStep>();
            if (root.TryGetProperty("relatedInformation", out var related) && related.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in related.EnumerateArray())
                {
                    if (flow.Count >= EscapeLogState.MaxReasonLines)
                    {
                        break;
                    }

                    var message = item.GetProperty("message").GetString() ?? "";
                    var location = item.GetProperty("location");
                    var at = location.GetProperty("range").GetProperty("start");
                    var uri = location.GetProperty("uri").GetString() ?? "";
                    flow.Add(new FlowStep(
                        message.StartsWith("escflow:", StringComparison.Ordinal) ? message["escflow:".Length..].Trim() : message.Trim(),
                        uri.StartsWith("file://", StringComparison.Ordinal) ? Uri.UnescapeDataString(uri["file://".Length..]) : uri,
                        at.GetProperty("line").GetInt32(),
                        at.GetProperty("character").GetInt32()));
                }
            }

            return new Diagnostic(
                root.GetProperty("code").GetString() ?? "",
                root.TryGetProperty("message", out var text) ? text.GetString() ?? "" : "",
                start.GetProperty("line").GetInt32(),
                start.GetProperty("character").GetInt32(),
                flow,
                lineNumber);
        }
    }

    /// <summary>"flow: ..." lines as they are; "from X (why)" gets the text log's " at FILE:LINE:COL".</summary>
    private sealed record FlowStep(string Message, string File, int Line, int Column)
    {
        public string Text(string root) =>
            Message.StartsWith("from ", StringComparison.Ordinal) ? $"{Message} at {Relative(File, root)}:{Line}:{Column}" : Message;
    }
}
