using System.Collections.Immutable;

namespace GoMem.Escape.Analysis;

/// <summary>What changed for one finding between two builds.</summary>
public enum EscapeChangeKind
{
    /// <summary>An escape or leak in NEW that OLD did not have.</summary>
    NewEscape,

    /// <summary>An escape or leak of OLD that NEW no longer has.</summary>
    GoneEscape,

    /// <summary>A function OLD could inline and NEW cannot.</summary>
    LostInline,

    /// <summary>A function NEW can inline and OLD could not.</summary>
    GainedInline,
}

/// <summary>JSON and --fail-on spellings of <see cref="EscapeChangeKind"/>.</summary>
public static class EscapeChangeKinds
{
    public static string Name(EscapeChangeKind kind) => kind switch
    {
        EscapeChangeKind.NewEscape => "new-escape",
        EscapeChangeKind.GoneEscape => "gone-escape",
        EscapeChangeKind.LostInline => "lost-inline",
        EscapeChangeKind.GainedInline => "gained-inline",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string text, out EscapeChangeKind kind)
    {
        foreach (var candidate in Enum.GetValues<EscapeChangeKind>())
        {
            if (Name(candidate) == text)
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}

/// <summary>One change: the finding in OLD and/or in NEW (the one that exists; both for inlining changes).</summary>
public sealed record EscapeChange(EscapeChangeKind Kind, ExplainedFinding? Old, ExplainedFinding? New)
{
    /// <summary>The finding to point at: NEW's when it exists (its line is in the current code), else OLD's.</summary>
    public ExplainedFinding Current => New ?? Old ?? throw new InvalidOperationException("a change has at least one side");
}

/// <summary>The result of <c>gomem escape diff OLD NEW</c>.</summary>
public sealed record EscapeDiff(
    string OldSource,
    string NewSource,
    int OldEscapes,
    int NewEscapes,
    int UnchangedEscapes,
    ImmutableArray<EscapeChange> Changes)
{
    public int Count(EscapeChangeKind kind) => Changes.Count(c => c.Kind == kind);
}
