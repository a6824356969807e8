using GoMem.Output.Ci;
using System.Text;
using GoMem.Escape.Analysis;

namespace GoMem.Output.Escape;

/// <summary>
/// GitHub Actions workflow commands (<c>::warning file=F,line=L,col=C,title=T::message</c>): a warning on each new
/// escape and lost inlining, a notice on each fixed one, so the pull request shows them on the lines.
/// </summary>
public static class EscapeDiffGithubRenderer
{
    public static void Write(TextWriter w, EscapeDiff d, string sourceRoot = "")
    {
        foreach (var c in d.Changes)
        {
            var f = c.Current.Finding;
            var level = c.Kind is EscapeChangeKind.NewEscape or EscapeChangeKind.LostInline ? "warning" : "notice";
            if (c.Kind == EscapeChangeKind.GoneEscape)
            {
                // OLD's line may not exist any more in the new code: annotate the file only.
                w.WriteLine($"::{level} file={GithubCommands.Property(sourceRoot + f.File)},title={GithubCommands.Property("fixed escape in " + f.Function)}::{GithubCommands.Data(EscapeDiffText.Message(c))}");
                continue;
            }

            var column = f.Column > 0 ? $",col={f.Column}" : "";
            var title = EscapeChangeKinds.Name(c.Kind) + (f.Function.Length > 0 ? " in " + f.Function : "");
            w.WriteLine($"::{level} file={GithubCommands.Property(sourceRoot + f.File)},line={f.Line}{column},title={GithubCommands.Property(title)}::{GithubCommands.Data(EscapeDiffText.Message(c))}");
        }
    }
}
