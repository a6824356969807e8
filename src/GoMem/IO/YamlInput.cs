using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace GoMem.IO;

/// <summary>
/// Loads YAML (and JSON, which YAML reads) into YamlDotNet's representation model, where every node knows its line,
/// and reports a problem as a <see cref="BadInputException"/> naming the file and line. Shared by the Kubernetes
/// manifest reader and the watch configuration.
/// <para>
/// Bounded against hostile YAML before the model is built: nesting deeper than <see cref="YamlLimits.MaxDepth"/>
/// (YamlDotNet builds the model recursively, so a file of 100,000 '[' would overflow the stack and kill the process),
/// aliases that would expand to more than <see cref="YamlLimits.MaxAliasExpansion"/> nodes (a "billion laughs"
/// bomb; the model shares an aliased node, but anything that walks it sees every copy), an alias inside the node it
/// names (a cycle), and more than <see cref="YamlLimits.MaxDocuments"/> documents.
/// </para>
/// </summary>
internal static class YamlInput
{
    public static YamlStream Parse(string source, string text, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        try
        {
            CheckShape(source, text, limits);
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream;
        }
        catch (YamlException e)
        {
            throw new BadInputException(source, "not valid YAML: " + e.Message.ReplaceLineEndings(" "), lineNumber: Math.Min(e.Start.Line, LineCount(text)));
        }
        catch (ScannerStateException e)
        {
            throw new BadInputException(source, "not valid YAML: the scanner stopped on a plain scalar it could not finish (an unclosed '{' or '['?)", lineNumber: Math.Min(e.Line, LineCount(text)));
        }
    }

    // At the end of the input YamlDotNet reports the line after the last one.
    private static long LineCount(string text) => Math.Max(1, text.Count(c => c == '\n') + (text.EndsWith('\n') ? 0 : 1));

    /// <summary>A problem with a node: file, the node's line, and the problem.</summary>
    public static BadInputException Error(string source, YamlNode node, string problem) =>
        new(source, problem, lineNumber: node.Start.Line);

    /// <summary>One pass over the parser's events, so no model is built for input that would be dangerous to build.</summary>
    private static void CheckShape(string source, string text, YamlLimits limits)
    {
        var scanner = new Scanner(new StringReader(text));
        var parser = new Parser(scanner);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long Nodes)>();
        long aliasNodes = 0;
        var documents = 0;
        while (MoveNext(parser, scanner))
        {
            var current = parser.Current!;
            switch (current)
            {
                case DocumentStart:
                    if (++documents > limits.MaxDocuments)
                    {
                        throw new BadInputException(source, $"more than {limits.MaxDocuments} YAML documents", lineNumber: current.Start.Line);
                    }

                    sizes.Clear();
                    break;
                case MappingStart or SequenceStart:
                    if (open.Count >= limits.MaxDepth)
                    {
                        throw new BadInputException(source, $"YAML nested more than {limits.MaxDepth} levels deep", lineNumber: current.Start.Line);
                    }

                    var anchor = ((NodeEvent)current).Anchor;
                    open.Push((anchor.IsEmpty ? null : anchor.Value, 1));
                    break;
                case MappingEnd or SequenceEnd:
                    var (name, nodes) = open.Pop();
                    if (name is not null)
                    {
                        sizes[name] = nodes;
                    }

                    AddToParent(open, nodes);
                    break;
                case Scalar scalar:
                    if (!scalar.Anchor.IsEmpty)
                    {
                        sizes[scalar.Anchor.Value] = 1;
                    }

                    AddToParent(open, 1);
                    break;
                case AnchorAlias alias:
                    var target = alias.Value.Value;
                    if (open.Any(o => o.Anchor == target))
                    {
                        throw new BadInputException(source, $"alias *{target} is inside the node it names (a cycle)", lineNumber: current.Start.Line);
                    }

                    if (!sizes.TryGetValue(target, out var size))
                    {
                        throw new BadInputException(source, $"alias *{target} names no anchor before it", lineNumber: current.Start.Line);
                    }

                    aliasNodes += size;
                    if (aliasNodes > limits.MaxAliasExpansion)
                    {
                        throw new BadInputException(source, $"aliases expand to more than {limits.MaxAliasExpansion:N0} nodes (a YAML alias bomb?)", lineNumber: current.Start.Line);
                    }

                    AddToParent(open, size);
                    break;
            }
        }
    }

    /// <summary>
    /// The parser's next event. YamlDotNet's scanner can fail an internal check instead of reporting a syntax error
    /// (for example on <c>a: {b: </c> followed by <c>c: d</c>); that becomes a syntax problem at the scanner's line.
    /// </summary>
    private static bool MoveNext(Parser parser, Scanner scanner)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (InvalidOperationException)
        {
            throw new ScannerStateException(scanner.CurrentPosition.Line);
        }
    }

    private static void AddToParent(Stack<(string? Anchor, long Nodes)> open, long nodes)
    {
        if (open.TryPop(out var parent))
        {
            open.Push((parent.Anchor, parent.Nodes + nodes));
        }
    }
}

/// <summary>Caps for <see cref="YamlInput"/>; the defaults are far beyond any real manifest or configuration.</summary>
internal sealed record YamlLimits
{
    public static YamlLimits Default { get; } = new();

    /// <summary>Deepest nesting of mappings and sequences.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most nodes that aliases may add, counting every alias as a copy of the node it names.</summary>
    public long MaxAliasExpansion { get; init; } = 1_000_000;

    public int MaxDocuments { get; init; } = 10_000;
}

/// <summary>YamlDotNet's scanner gave up in an inconsistent state at this line (its InvalidOperationException).</summary>
internal sealed class ScannerStateException(long line) : Exception("the YAML scanner stopped in an inconsistent state")
{
    public long Line { get; } = line;
}
