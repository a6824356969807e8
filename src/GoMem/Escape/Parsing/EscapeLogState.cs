using System.Collections.Immutable;
using GoMem.IO;

namespace GoMem.Escape.Parsing;

/// <summary>
/// The parser's running state: the current package, the -m -m explanation blocks waiting for their verdict line,
/// and the findings so far. -m -m prints "x escapes to heap:" with indented flow lines first and the verdict
/// ("moved to heap: x") later, possibly after other blocks, so blocks wait keyed by position and subject.
/// </summary>
internal sealed class EscapeLogState(string source)
{
    public const int MaxFindings = 5_000_000;
    public const int MaxReasonLines = 512;
    public const int MaxPendingBlocks = 200_000;
    public const int MaxUnknownSamples = 20;

    private const string EscapesSuffix = " escapes to heap";
    private const string DoesNotEscapeSuffix = " does not escape";

    private readonly List<EscapeFinding> _findings = [];
    private readonly List<string> _packages = [];
    private readonly Dictionary<((string File, int Line, int Column) Position, string Subject), List<string>> _pending = [];
    private readonly FileNames _files = new();
    private readonly List<UnknownLine> _unknownSamples = [];
    private List<string>? _openBlock;
    private (string File, int Line, int Column) _openBlockPosition;
    private string _package = "";
    private long _unknown;
    private bool _sawDetail;

    public void Accept(string line, long lineNumber)
    {
        if (line.Length == 0)
        {
            return;
        }

        if (line.StartsWith("# ", StringComparison.Ordinal))
        {
            _package = line[2..].Trim();
            _packages.Add(_package);
            _pending.Clear();
            _openBlock = null;
            return;
        }

        if (!CompilerPosition.TrySplit(line, _files, out var file, out var row, out var column, out var message))
        {
            Unknown(line, lineNumber);
            return;
        }

        var position = (file, row, column);
        if (message.StartsWith(' '))
        {
            if (_openBlock is not null && position.file == _openBlockPosition.File && position.row == _openBlockPosition.Line && position.column == _openBlockPosition.Column)
            {
                if (_openBlock.Count < MaxReasonLines)
                {
                    _openBlock.Add(message.Trim());
                }
            }
            else
            {
                Unknown(line, lineNumber);
            }

            return;
        }

        _openBlock = null;
        if (message.EndsWith(':') && BlockSubject(message) is { } subject)
        {
            OpenBlock(position, subject);
            return;
        }

        if (!TryVerdict(message, out var kind, out var name, out var detail, out var cost))
        {
            Unknown(line, lineNumber);
            return;
        }

        var reason = ImmutableArray<string>.Empty;
        if (EscapeKinds.IsEscape(kind) || kind == EscapeKind.LeakingParamToResult)
        {
            if (_pending.Remove((position, name), out var lines) || TakeOnlyBlockAt(position, out lines))
            {
                reason = [.. lines];
            }
        }
        else if (kind == EscapeKind.CannotInline)
        {
            reason = [detail];
        }

        if (_findings.Count >= MaxFindings)
        {
            throw new BadInputException(source, $"more than {MaxFindings} compiler diagnostics; refusing to read further", lineNumber: lineNumber);
        }

        var function = kind is EscapeKind.CanInline or EscapeKind.CannotInline ? name : "";
        _sawDetail |= cost is not null || kind is EscapeKind.CannotInline or EscapeKind.ClosureCapture;
        _findings.Add(new EscapeFinding(kind, _package, file, row, column, function, name, detail, reason, lineNumber) { Cost = cost });
    }

    public EscapeLog Finish(long lineCount)
    {
        if (_findings.Count == 0)
        {
            var problem = lineCount == 0
                ? "empty: expected the output of go build -gcflags='-m' or '-m -m'"
                : $"no escape-analysis or inlining diagnostics in {lineCount} lines (expected the output of go build -gcflags='-m' or '-m -m')";
            throw new BadInputException(source, problem, lineNumber: _unknownSamples.Count > 0 ? _unknownSamples[0].LineNumber : null);
        }

        var level = _sawDetail ? 2 : 1;
        var findings = level == 2 ? FunctionScopes.Attribute(_findings) : [.. _findings];
        return new EscapeLog(source, findings, [.. _packages.Distinct(StringComparer.Ordinal)], level, lineCount, _unknown, [.. _unknownSamples]);
    }

    private void OpenBlock((string File, int Line, int Column) position, string subject)
    {
        _sawDetail = true;
        if (!_pending.TryGetValue((position, subject), out var lines))
        {
            if (_pending.Count >= MaxPendingBlocks)
            {
                _pending.Clear(); // explanations never claimed by a verdict: drop them rather than grow without bound
            }

            lines = [];
            _pending[(position, subject)] = lines;
        }

        _openBlock = lines;
        _openBlockPosition = position;
    }

    /// <summary>
    /// The compiler sometimes spells the subject differently in the header and the verdict (the header quotes the
    /// call's arguments, the verdict "... argument..."): then the only block waiting at that position is the one.
    /// </summary>
    private bool TakeOnlyBlockAt((string File, int Line, int Column) position, out List<string> lines)
    {
        lines = [];
        if (_pending.Count is 0 or > 1000)
        {
            return false;
        }

        ((string File, int Line, int Column) Position, string Subject)? only = null;
        foreach (var key in _pending.Keys)
        {
            if (key.Position == position)
            {
                if (only is not null)
                {
                    return false;
                }

                only = key;
            }
        }

        return only is { } found && _pending.Remove(found, out lines!);
    }

    /// <summary>The subject of an explanation header: "x escapes to heap:" or "parameter p leaks to {heap} with derefs=0:".</summary>
    private static string? BlockSubject(string message)
    {
        var body = message.AsSpan(0, message.Length - 1);
        if (body.EndsWith(EscapesSuffix, StringComparison.Ordinal))
        {
            return body[..^EscapesSuffix.Length].ToString();
        }

        const string Parameter = "parameter ";
        var leaks = body.IndexOf(" leaks to ", StringComparison.Ordinal);
        return body.StartsWith(Parameter, StringComparison.Ordinal) && leaks > Parameter.Length
            ? body[Parameter.Length..leaks].ToString()
            : null;
    }

    private static bool TryVerdict(string message, out EscapeKind kind, out string name, out string detail, out int? cost)
    {
        detail = "";
        cost = null;
        name = "";
        kind = default;
        if (After(message, "moved to heap: ") is { } moved)
        {
            (kind, name) = (EscapeKind.MovedToHeap, moved);
        }
        else if (message.EndsWith(EscapesSuffix, StringComparison.Ordinal))
        {
            (kind, name) = (EscapeKind.Escapes, message[..^EscapesSuffix.Length]);
        }
        else if (message.EndsWith(DoesNotEscapeSuffix, StringComparison.Ordinal))
        {
            (kind, name) = (EscapeKind.DoesNotEscape, message[..^DoesNotEscapeSuffix.Length]);
        }
        else if (After(message, "leaking param content: ") is { } content)
        {
            (kind, name) = (EscapeKind.LeakingParamContent, content);
        }
        else if (After(message, "leaking param: ") is { } param)
        {
            var toResult = param.IndexOf(" to result ", StringComparison.Ordinal);
            (kind, name) = toResult < 0 ? (EscapeKind.LeakingParam, param) : (EscapeKind.LeakingParamToResult, param[..toResult]);
            detail = toResult < 0 ? "" : param[(toResult + " to result ".Length)..];
        }
        else if (After(message, "leaking closure reference ") is { } reference)
        {
            (kind, name) = (EscapeKind.LeakingClosureReference, reference);
        }
        else if (After(message, "can inline ") is { } inlinable)
        {
            kind = EscapeKind.CanInline;
            var with = inlinable.IndexOf(" with cost ", StringComparison.Ordinal);
            name = with < 0 ? inlinable : inlinable[..with];
            if (with >= 0)
            {
                var number = inlinable.AsSpan(with + " with cost ".Length);
                var end = number.IndexOf(' ');
                if (int.TryParse(end < 0 ? number : number[..end], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
                {
                    cost = value;
                    detail = $"cost {value}";
                }
            }
        }
        else if (After(message, "cannot inline ") is { } blocked)
        {
            var colon = blocked.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            (kind, name, detail) = (EscapeKind.CannotInline, blocked[..colon], blocked[(colon + 2)..]);
        }
        else if (After(message, "inlining call to ") is { } callee)
        {
            (kind, name) = (EscapeKind.InliningCall, callee);
        }
        else if (After(message, "devirtualizing ") is { } devirtualized)
        {
            var to = devirtualized.LastIndexOf(" to ", StringComparison.Ordinal);
            if (to <= 0)
            {
                return false;
            }

            (kind, name, detail) = (EscapeKind.Devirtualizing, devirtualized[..to], devirtualized[(to + 4)..]);
        }
        else if (Capture(message, " capturing by ref: ", out name, out detail) || Capture(message, " capturing by value: ", out name, out detail))
        {
            kind = EscapeKind.ClosureCapture;
        }
        else
        {
            return false;
        }

        return name.Length > 0;
    }

    /// <summary>"Counter capturing by ref: count (addr=false assign=true width=8)" → name count, detail "Counter by ref".</summary>
    private static bool Capture(string message, string marker, out string name, out string detail)
    {
        name = "";
        detail = "";
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        if (at <= 0)
        {
            return false;
        }

        var rest = message[(at + marker.Length)..];
        var paren = rest.IndexOf(" (", StringComparison.Ordinal);
        name = paren < 0 ? rest : rest[..paren];
        detail = (marker.Contains("ref", StringComparison.Ordinal) ? "by reference in " : "by value in ") + message[..at];
        return true;
    }

    private static string? After(string message, string prefix) =>
        message.StartsWith(prefix, StringComparison.Ordinal) && message.Length > prefix.Length ? message[prefix.Length..] : null;

    private void Unknown(string line, long lineNumber)
    {
        _unknown++;
        if (_unknownSamples.Count < MaxUnknownSamples)
        {
            _unknownSamples.Add(new UnknownLine(lineNumber, line.Length > 200 ? line[..200] + "..." : line));
        }
    }
}
