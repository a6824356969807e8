using System.Text;
using System.Text.Json;
using GoMem.IO;
using GoMem.RuntimeStats.Text;

namespace GoMem.RuntimeStats.Expvar;

/// <summary>The JSON being parsed and its name: turns token positions into errors with a line and byte offset.</summary>
internal sealed class ExpvarJsonContext(string source, ReadOnlyMemory<byte> data)
{
    private const int MaxQuotedToken = 40;

    public string Source { get; } = source;

    public BadInputException Error(string problem, long offset) =>
        new(Source, $"{problem} (byte offset {offset})", offset, InputBuffer.LineOf(data.Span, offset));

    public BadInputException Error(string problem, in Utf8JsonReader reader) => Error(problem, reader.TokenStartIndex);

    /// <summary>Utf8JsonReader's own syntax errors carry a 0-based line and byte-in-line.</summary>
    public BadInputException SyntaxError(JsonException e)
    {
        var line = (e.LineNumber ?? 0) + 1;
        var offset = InputBuffer.StartOfLine(data.Span, line) + (e.BytePositionInLine ?? 0);
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        if (cut > 0)
        {
            message = message[..cut].TrimEnd();
        }

        return new BadInputException(Source, $"malformed JSON: {message} (byte offset {offset})", offset, line, e);
    }

    /// <summary>A short, printable rendering of the current token for error messages.</summary>
    public static string Describe(in Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return "an object";
            case JsonTokenType.StartArray:
                return "an array";
            case JsonTokenType.String:
                return "a string";
            case JsonTokenType.True:
            case JsonTokenType.False:
                return "a boolean";
            case JsonTokenType.Null:
                return "null";
            case JsonTokenType.Number:
                var raw = Encoding.UTF8.GetString(reader.ValueSpan);
                return raw.Length > MaxQuotedToken ? $"the number {raw[..MaxQuotedToken]}..." : $"the number {raw}";
            default:
                return reader.TokenType.ToString();
        }
    }
}
