using System.CommandLine;
using GoMem.Benchmarks.Comparison;
using GoMem.Cli.Infrastructure;
using GoMem.Output.Benchmarks;

namespace GoMem.Cli.Commands.Bench;

/// <summary><c>gomem bench compare OLD NEW [MORE...]</c>: benchstat's comparison tables, same numbers, four formats.</summary>
internal static class BenchCompareCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Benchmark output files (plain or go test -json), optionally labelled: old=a.txt new=b.txt. The first is the baseline.",
            Arity = ArgumentArity.OneOrMore,
        };
        var alpha = new Option<double>("--alpha") { Description = "Significance level: a change counts when p < alpha.", DefaultValueFactory = _ => 0.05 };
        var confidence = new Option<double>("--confidence") { Description = "Confidence level of the ± intervals.", DefaultValueFactory = _ => 0.95 };
        var filter = new Option<string?>("--filter") { Description = "Use only matching results: terms key:value, key:(a OR b), key:/regexp/, -term; keys .name .fullname .file .unit /subkey or a config key." };
        var column = new Option<string?>("--col") { Description = "Compare across values of this key (default .file); key@(v1 v2) fixes the order." };
        var row = new Option<string?>("--row") { Description = "One row per value of this key (default .fullname; or .name, /subkey)." };
        var ignore = new Option<string[]>("--ignore") { Description = "Keys to neither group by nor warn about, comma-separated or repeated (e.g. .file,note)." };
        var format = OutputOptions.Format("text (benchstat's layout), csv (benchstat's), markdown (pull requests) or json.", "text", "json", "csv", "markdown");
        var output = OutputOptions.Output();
        var command = new Command("compare", "Compare benchmark results like benchstat: median ± 95% CI per benchmark and unit, change in %, Mann-Whitney U p-value (~ when not significant), geomean row.")
        {
            files, alpha, confidence, filter, column, row, ignore, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem bench compare old.txt new.txt",
            "gomem bench compare before=main.txt after=pr.txt --format markdown",
            "gomem bench compare old.txt new.txt --filter '.unit:(B/op OR allocs/op)'",
            "gomem bench compare new.txt --col /format --row .name");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            var (columnKey, columnOrder) = CompareOptions.ParseProjection(Or(result.GetValue(column), ".file"), nameof(CompareOptions.Column));
            var (rowKey, _) = CompareOptions.ParseProjection(Or(result.GetValue(row), ".fullname"), nameof(CompareOptions.Row));
            var options = new CompareOptions
            {
                Alpha = BenchInputs.Probability(result.GetValue(alpha), "--alpha"),
                Confidence = BenchInputs.Probability(result.GetValue(confidence), "--confidence"),
                Filter = BenchmarkFilter.Parse(result.GetValue(filter)),
                Column = columnKey,
                ColumnOrder = columnOrder,
                Row = rowKey,
                Ignore = [.. (result.GetValue(ignore) ?? []).SelectMany(v => v.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))],
            };
            var inputs = BenchInputs.Read(context, result.GetValue(files) ?? []);
            var report = ComparisonAnalysis.Analyze(inputs, options);
            target.Write(new Renderings()
                .Text(w => ComparisonTextRenderer.Write(w, report))
                .Json(s => ComparisonJsonRenderer.Write(s, report))
                .Text("csv", w => ComparisonCsvRenderer.Write(w, context.Stderr, report))
                .Text("markdown", w => ComparisonMarkdownRenderer.Write(w, report)));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Or(string? text, string fallback) => string.IsNullOrWhiteSpace(text) ? fallback : text;
}
