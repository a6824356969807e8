using System.Text.RegularExpressions;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli;

/// <summary>
/// The layering docs/ARCHITECTURE.md promises, checked on the sources: the command line only parses options, calls the
/// library and picks renderings; it never fetches, opens inputs or calls a parser itself.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Src = Path.Combine(RepoPaths.Root, "src");

    [Fact]
    public void The_command_line_neither_fetches_nor_parses()
    {
        var offences = new List<string>();
        foreach (var file in SourceFiles(Path.Combine(Src, "GoMem.Cli")))
        {
            var text = File.ReadAllText(file);
            foreach (Match match in ForbiddenInCli().Matches(text))
            {
                offences.Add($"{Relative(file)}: {match.Value}");
            }
        }

        Assert.True(offences.Count == 0, "the CLI does the library's work: " + string.Join("; ", offences));
    }

    [Fact]
    public void Every_command_lives_in_its_group_folder()
    {
        var commands = Path.Combine(Src, "GoMem.Cli", "Commands");
        var loose = Directory.GetFiles(commands, "*.cs").Select(Relative).ToList();
        Assert.True(loose.Count == 0, "commands outside Commands/<Group>/: " + string.Join(", ", loose));
    }

    [Fact]
    public void Library_errors_do_not_name_command_line_flags()
    {
        var offences = SourceFiles(Path.Combine(Src, "GoMem"))
            .SelectMany(file => ThrowNamingAFlag().Matches(File.ReadAllText(file)).Select(m => $"{Relative(file)}: {m.Value}"))
            .ToList();
        Assert.True(offences.Count == 0, "the library speaks of settings, the command line of flags: " + string.Join("; ", offences));
    }

    [Fact]
    public void Profiles_do_not_depend_on_output()
    {
        var offences = SourceFiles(Path.Combine(Src, "GoMem", "Profiles"))
            .Where(file => File.ReadLines(file).Any(l => l.StartsWith("using GoMem.Output", StringComparison.Ordinal) || l.Contains("GoMem.Output.", StringComparison.Ordinal)))
            .Select(Relative)
            .ToList();
        Assert.True(offences.Count == 0, "Profiles uses Output: " + string.Join(", ", offences));
    }

    [Fact]
    public void Text_formatting_depends_on_nothing_else_in_the_library()
    {
        var offences = SourceFiles(Path.Combine(Src, "GoMem", "Output", "Text"))
            .SelectMany(file => File.ReadLines(file).Where(l => l.StartsWith("using GoMem.", StringComparison.Ordinal) && !l.StartsWith("using GoMem.Output.Text", StringComparison.Ordinal)).Select(l => $"{Relative(file)}: {l}"))
            .ToList();
        Assert.True(offences.Count == 0, "Output/Text must be a leaf: " + string.Join("; ", offences));
    }

    [Fact]
    public void Renderers_are_named_report_format_renderer()
    {
        var formats = new[] { "Text", "Json", "Yaml", "Html", "Markdown", "Csv", "Sarif", "Github", "JUnit" };
        var offences = SourceFiles(Path.Combine(Src, "GoMem", "Output"))
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name!.EndsWith("Renderer", StringComparison.Ordinal) || name.EndsWith("Renderers", StringComparison.Ordinal))
            .Where(name => name!.EndsWith("Renderers", StringComparison.Ordinal) || !formats.Any(f => name.EndsWith(f + "Renderer", StringComparison.Ordinal)))
            .ToList();
        Assert.True(offences.Count == 0, "renderers not named <Report><Format>Renderer: " + string.Join(", ", offences));
    }

    [Fact]
    public void Source_files_stay_short_or_say_why_not()
    {
        var longFiles = SourceFiles(Src)
            .Where(file => File.ReadLines(file).Count() > 420 && !File.ReadLines(file).Take(40).Any(l => l.Contains("Longer than 400 lines", StringComparison.Ordinal)))
            .Select(Relative)
            .ToList();
        Assert.True(longFiles.Count == 0, "over 400 lines without a reason at the top: " + string.Join(", ", longFiles));
    }

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string Relative(string file) => Path.GetRelativePath(Src, file);

    /// <summary>HTTP, input opening, and any parser, reader or decoder type (those belong to GoMem.Sources and the domains).</summary>
    [GeneratedRegex(@"System\.Net\b|HttpClient|HttpFetcher|InputOpener|using GoMem\.[A-Za-z.]*\.Parsing;|\b[A-Z]\w*(Reader|Parser|Decoder)\.")]
    private static partial Regex ForbiddenInCli();

    [GeneratedRegex(@"throw new \w*Exception\([^;]*?[\s""(]--[a-z{][a-z-]*")]
    private static partial Regex ThrowNamingAFlag();
}
