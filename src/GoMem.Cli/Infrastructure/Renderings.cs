namespace GoMem.Cli.Infrastructure;

/// <summary>How a rendering writes: text through a writer, JSON or an HTML page as UTF-8 bytes, or a binary file.</summary>
internal enum RenderingKind
{
    Text,
    Json,
    Html,
    Binary,
}

/// <summary>One format of a result: its kind and the renderer call that writes it.</summary>
internal sealed record Rendering(RenderingKind Kind, Action<TextWriter>? WriteText, Action<Stream>? WriteBytes);

/// <summary>
/// A result's renderings by --format name: what a command hands to <see cref="OutputTarget"/>, which picks one and
/// owns where it goes. A command registers only the formats its --format option offers.
/// </summary>
internal sealed class Renderings
{
    private readonly Dictionary<string, Rendering> _byFormat = new(StringComparer.Ordinal);

    public Renderings Text(Action<TextWriter> write) => Text("text", write);

    /// <summary>A text format other than "text" (markdown, csv, github annotations).</summary>
    public Renderings Text(string format, Action<TextWriter> write) => Add(format, new Rendering(RenderingKind.Text, write, null));

    public Renderings Json(Action<Stream> write) => Json("json", write);

    /// <summary>A JSON format other than "json" (sarif).</summary>
    public Renderings Json(string format, Action<Stream> write) => Add(format, new Rendering(RenderingKind.Json, null, write));

    public Renderings Html(Action<Stream> write) => Add("html", new Rendering(RenderingKind.Html, null, write));

    public Renderings Html(Action<TextWriter> write) => Add("html", new Rendering(RenderingKind.Html, write, null));

    /// <summary>A binary format (a .pb.gz profile): never written to a terminal.</summary>
    public Renderings Binary(string format, Action<Stream> write) => Add(format, new Rendering(RenderingKind.Binary, null, write));

    public Rendering For(string format) =>
        _byFormat.TryGetValue(format, out var rendering) ? rendering : throw new UsageException($"--format {format} is not offered here (use {string.Join(", ", _byFormat.Keys)})");

    private Renderings Add(string format, Rendering rendering)
    {
        _byFormat.Add(format, rendering);
        return this;
    }
}
