using GoMem.IO;

namespace GoMem.Tests.IO;

public sealed class PrintableTextTests
{
    [Fact]
    public void Line_breaks_and_terminal_escapes_are_written_as_go_quotes_them()
    {
        Assert.Equal("a\\nb\\r\\nc\\x1b[2J\\x00\\x7f\\u009b", PrintableText.Escape("a\nb\r\nc\u001b[2J\0\u007f\u009b"));
    }

    [Fact]
    public void Tabs_and_other_text_are_kept()
    {
        const string text = "key:\tvalue \u00e9\u4e16 \ufffd \ud83d\ude00";
        Assert.Same(text, PrintableText.Escape(text));
    }

    [Fact]
    public void A_long_text_keeps_its_start_and_end()
    {
        var text = "value \"" + new string('7', 10_000) + "\" is not a number";

        var shortened = PrintableText.Shorten(text, 120);

        Assert.StartsWith("value \"777", shortened, StringComparison.Ordinal);
        Assert.EndsWith("777\" is not a number", shortened, StringComparison.Ordinal);
        Assert.Contains(" ... (9904 characters left out) ... ", shortened, StringComparison.Ordinal);
        Assert.Same(text, PrintableText.Shorten(text, text.Length));
    }

    [Fact]
    public void Shortening_never_splits_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("\ud83d\ude00", 500));

        var shortened = PrintableText.Shorten(text, 101);

        var pieces = shortened.Split(" ... ");
        Assert.True(char.IsLowSurrogate(pieces[0][^1]), "the start ends inside a pair");
        Assert.True(char.IsHighSurrogate(pieces[^1][0]), "the end starts inside a pair");
    }

    [Fact]
    public void A_bad_input_message_is_one_bounded_printable_line()
    {
        var problem = "value \"" + new string('x', 50_000) + "\u001b[2J\nmore\" is not an integer";

        var e = new BadInputException("memory.max", problem, lineNumber: 1);

        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\u001b', e.Message);
        Assert.StartsWith("memory.max:1: value \"xxx", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("xxx\\x1b[2J\\nmore\" is not an integer", e.Message, StringComparison.Ordinal);
        Assert.InRange(e.Message.Length, 100, BadInputException.MaxProblemLength + 100);
        Assert.Equal(problem, e.Problem);
    }
}
