using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace GoMem.Output.Html;

/// <summary>
/// What every self-contained gomem page shares: untrusted text (function and file names from profiles) HTML-encoded
/// with the one encoder, and a Content-Security-Policy under which nothing may load or connect, only the page's own
/// inline style (and script, when it has one) pinned by their SHA-256 hashes.
/// </summary>
public static class HtmlPage
{
    /// <summary>Text for markup and attribute values: &lt; &gt; &amp; quotes and all non-ASCII encoded.</summary>
    public static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    /// <summary>The base64 SHA-256 of an inline style or script, as a CSP hash source takes it.</summary>
    public static string Sha256(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The policy for a page with this inline style and, when given, this inline script; nothing else.</summary>
    public static string ContentSecurityPolicy(string style, string? script = null) =>
        $"default-src 'none'; script-src {(script is null ? "'none'" : $"'sha256-{Sha256(script)}'")}; style-src 'sha256-{Sha256(style)}'; img-src 'none'; " +
        "font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'";
}
