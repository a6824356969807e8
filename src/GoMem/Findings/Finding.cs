namespace GoMem.Findings;

/// <summary>
/// Something an analysis found, in the one shape every command shares, so that a consumer (a monitoring alert, a CI
/// check) can read the findings of any command alike.
/// <para>
/// <see cref="Code"/> is a stable kebab-case id naming what was found, not the wording: a machine may match on it,
/// so it does not change when the title does. <see cref="Title"/> says it for people; <see cref="Detail"/>, when
/// the analysis keeps it apart, gives the cause and what to do (explain and gc tune have one message, all in the title).
/// </para>
/// <para>
/// Severity: <see cref="Severity.Critical"/> when something fails now or soon (a container limit nearly reached, a
/// setting that lets the heap grow until the process is killed, a bench gate's threshold exceeded, a leak that
/// reaches the given limit within the hour); <see cref="Severity.Warning"/> for a likely problem that deserves a look
/// (a leak, a slow drift of a benchmark, GC costs above the usual); <see cref="Severity.Info"/> for what is worth
/// knowing but asks for nothing.
/// </para>
/// <para>
/// Codes of the structured results: a leak states itself as <c>heap-leak</c> (a heap site, or the process's live
/// heap), <c>goroutine-leak</c> (a goroutine group, or the process's goroutine count) or <c>rss-growth</c> (the
/// process's RSS); the bench gate's regressions as <c>bench-regression</c>; the bench history's drifting series as
/// <c>bench-drift</c>.
/// </para>
/// </summary>
public sealed record Finding(string Code, Severity Severity, string Title, string? Detail = null);
