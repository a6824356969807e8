using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Escape.Analysis;
using GoMem.Output.Escape;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Escape;

/// <summary><c>gomem escape diff OLD NEW</c>: escapes new in NEW and gone since OLD, inlining lost and gained; a CI gate.</summary>
internal static class EscapeDiffCommand
{
    public static Command Create(CliContext context)
    {
        var older = new Argument<string>("old") { Description = "The base build's -m -m output (e.g. from the main branch)." };
        var newer = new Argument<string>("new") { Description = "The new build's -m -m output (e.g. from the pull request)." };
        var format = OutputOptions.Format("Output format: text, json, markdown (a pull-request comment), github (Actions annotations on the lines) or sarif (SARIF 2.1.0 for code scanning).", "text", "json", "markdown", "github", "sarif");
        var failOn = new Option<string?>("--fail-on")
        {
            Description = "Exit 1 when the diff has any of these changes (comma-separated): new-escape, lost-inline, gone-escape, gained-inline.",
        };
        var sourceRoot = new Option<string>("--source-root")
        {
            Description = "Prefix for file paths in markdown, github and sarif output: the build directory relative to the repository root (e.g. services/api/).",
            DefaultValueFactory = _ => "",
        };
        var output = OutputOptions.Output();
        var command = new Command("diff", "Compare the escape analysis of two builds: escapes and leaks new in NEW and gone since OLD, matched by package, function and variable (so moved code still matches), and functions that lost or gained inlining.")
        {
            older, newer, format, failOn, sourceRoot, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem escape diff main.txt pr.txt",
            "gomem escape diff main.txt pr.txt --fail-on new-escape,lost-inline",
            "gomem escape diff main.txt pr.txt --format sarif --source-root services/api/ -o escape.sarif",
            "gomem escape diff main.txt pr.txt --format github --fail-on new-escape");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            var gates = Gates(result.GetValue(failOn));
            var root = NormalizeRoot(result.GetValue(sourceRoot) ?? "");
            StandardInput.Announce(context, [result.GetValue(older)!, result.GetValue(newer)!], "the compiler's -m -m output");
            var diff = EscapeDiffAnalysis.Analyze(EscapeLogSource.Read(result.GetValue(older)!), EscapeLogSource.Read(result.GetValue(newer)!));
            var version = typeof(EscapeDiffCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            target.Write(new Renderings()
                .Text(w => EscapeDiffTextRenderer.Write(w, diff))
                .Json(s => EscapeDiffJsonRenderer.Write(s, diff))
                .Text("markdown", w => EscapeDiffMarkdownRenderer.Write(w, diff, root))
                .Text("github", w => EscapeDiffGithubRenderer.Write(w, diff, root))
                .Json("sarif", s => EscapeDiffSarifRenderer.Write(s, diff, root, version)));

            var failed = gates.Where(g => diff.Count(g) > 0).ToList();
            if (failed.Count > 0)
            {
                context.Stderr.WriteLine("gomem: escape diff failed --fail-on: " + string.Join(", ", failed.Select(g => $"{diff.Count(g)} {EscapeChangeKinds.Name(g)}")));
                return ExitCodes.Finding;
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static List<EscapeChangeKind> Gates(string? text)
    {
        var gates = new List<EscapeChangeKind>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!EscapeChangeKinds.TryParse(part, out var kind))
            {
                throw new UsageException($"--fail-on: unknown change \"{part}\" (use new-escape, lost-inline, gone-escape, gained-inline)");
            }

            gates.Add(kind);
        }

        return gates;
    }

    private static string NormalizeRoot(string root)
    {
        root = root.Replace('\\', '/');
        if (root.StartsWith('/') || root.Contains("..", StringComparison.Ordinal))
        {
            throw new UsageException("--source-root must be a relative path inside the repository (e.g. services/api/)");
        }

        return root.Length == 0 || root.EndsWith('/') ? root : root + "/";
    }
}
