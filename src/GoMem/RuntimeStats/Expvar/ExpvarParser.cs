using System.Text.Json;
using GoMem.IO;
using GoMem.RuntimeStats.Text;

namespace GoMem.RuntimeStats.Expvar;

/// <summary>
/// Parses the JSON served by Go's <c>/debug/vars</c> (package expvar): one object whose keys are the published
/// variables. The input is held whole (it is a few KB in practice) under <see cref="RuntimeStatsLimits.MaxJsonBytes"/>,
/// read with <see cref="Utf8JsonReader"/> so every error names a line and byte offset.
/// </summary>
public static class ExpvarParser
{
    public static ExpvarDocument ParseFile(string path, RuntimeStatsLimits? limits = null)
    {
        limits ??= RuntimeStatsLimits.Default;
        using var input = InputOpener.OpenFile(path, limits.InputLimits);
        return Parse(input, limits);
    }

    public static ExpvarDocument Parse(OpenedInput input, RuntimeStatsLimits? limits = null) => Parse(input.Content, input.Name, limits);

    public static ExpvarDocument Parse(Stream stream, string source, RuntimeStatsLimits? limits = null)
    {
        limits ??= RuntimeStatsLimits.Default;
        var data = InputBuffer.ReadAll(stream, source, limits.MaxJsonBytes, "the JSON document");
        var start = data.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var json = data.AsMemory(start);
        if (json.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new BadInputException(source, "the file is empty", 0);
        }

        var invalid = InputBuffer.FirstInvalidUtf8(json.Span);
        if (invalid >= 0)
        {
            throw new BadInputException(source, $"not UTF-8 text (byte offset {start + invalid}); expvar output is JSON", start + invalid, InputBuffer.LineOf(data, start + invalid));
        }

        var context = new ExpvarJsonContext(source, json);
        try
        {
            CheckStrings(json.Span, context, limits);
            return ReadDocument(json.Span, context, limits);
        }
        catch (JsonException e)
        {
            throw context.SyntaxError(e);
        }
    }

    private static ExpvarDocument ReadDocument(ReadOnlySpan<byte> json, ExpvarJsonContext context, RuntimeStatsLimits limits)
    {
        var options = new JsonReaderOptions { MaxDepth = limits.MaxJsonDepth, CommentHandling = JsonCommentHandling.Disallow };
        var reader = new Utf8JsonReader(json, options);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var what = ExpvarJsonContext.Describe(reader);
            reader.Skip();
            ExpectEnd(ref reader);
            throw context.Error($"valid JSON but not expvar output: the top level is {what}, not an object", 0);
        }

        MemStats? memStats = null;
        IReadOnlyList<string>? cmdline = null;
        var others = new List<KeyValuePair<string, JsonElement>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameOffset = reader.TokenStartIndex;
            var name = reader.GetString()!;
            if (!seen.Add(name))
            {
                throw context.Error($"duplicate top-level key \"{name}\"", nameOffset);
            }

            if (seen.Count > limits.MaxExpvarVariables)
            {
                throw context.Error($"more than {limits.MaxExpvarVariables} top-level variables", nameOffset);
            }

            switch (name)
            {
                case "memstats":
                    memStats = ExpvarMemStatsReader.Read(ref reader, context);
                    break;
                case "cmdline":
                    cmdline = ReadCmdline(ref reader, context);
                    break;
                default:
                    using (var document = JsonDocument.ParseValue(ref reader))
                    {
                        others.Add(new(name, document.RootElement.Clone()));
                    }

                    break;
            }
        }

        ExpectEnd(ref reader);
        if (memStats is null && cmdline is null)
        {
            throw context.Error("valid JSON but not expvar output (no memstats and no cmdline)", 0);
        }

        return new ExpvarDocument(context.Source, memStats, cmdline, others);
    }

    /// <summary>
    /// A first pass over every token: syntax errors surface here, and so do escapes that decode to no valid text
    /// (a lone surrogate such as <c>"\uD800"</c>), which the reader would otherwise only report when the string is read.
    /// </summary>
    private static void CheckStrings(ReadOnlySpan<byte> json, ExpvarJsonContext context, RuntimeStatsLimits limits)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = limits.MaxJsonDepth, CommentHandling = JsonCommentHandling.Disallow });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException e)
                {
                    throw context.Error($"a string escape is not valid text: {e.Message}", reader);
                }
            }
        }
    }

    /// <summary>Anything but whitespace after the top-level value makes the reader throw.</summary>
    private static void ExpectEnd(ref Utf8JsonReader reader)
    {
        while (reader.Read())
        {
        }
    }

    private static string[] ReadCmdline(ref Utf8JsonReader reader, ExpvarJsonContext context)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw context.Error($"cmdline must be an array of strings, not {ExpvarJsonContext.Describe(reader)}", reader);
        }

        var arguments = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw context.Error($"cmdline must be an array of strings, but holds {ExpvarJsonContext.Describe(reader)}", reader);
            }

            arguments.Add(reader.GetString()!);
        }

        return [.. arguments];
    }
}
