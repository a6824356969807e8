using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GoMem.Tests.Robustness;

/// <summary>
/// The results folder of a run: per parser, each failing input (named KIND-HASH--FILE, FILE being the seed's name,
/// which is how testdata/fuzz/ keeps reproducers too), a .txt beside it saying what it is and how to replay it, and
/// summary.tsv with the counts.
/// </summary>
internal static class FuzzResults
{
    public const string SummaryHeader = "parser\tcases\taccepted\trefused\tcrash\tbad-message\thang\tblowup\tdistinct-failures\tseconds";

    /// <summary>Saves a failing input; returns its path.</summary>
    public static string Save(FuzzSettings settings, FuzzTarget target, string fileName, byte[] bytes, string description)
    {
        var folder = Path.Combine(settings.ResultsDirectory, target.Name);
        Directory.CreateDirectory(folder);
        var kind = description.Split(':', 2)[0].Trim().ToLowerInvariant();
        var path = Path.Combine(folder, $"{kind}-{Hash(bytes)}--{fileName}");
        File.WriteAllBytes(path, bytes);
        File.WriteAllText(path + ".txt", description + "\n\nReplay: copy it to testdata/fuzz/" + target.Name + "/ and run the Robustness tests (RegressionCorpusTests).\n");
        return path;
    }

    public static string SaveRunaway(FuzzSettings settings, FuzzTarget target, string fileName, byte[] bytes) =>
        Save(settings, target, fileName, bytes, "blowup: the managed heap went past the runaway cap while this case ran");

    public static void WriteSummary(FuzzSettings settings, FuzzSummary summary)
    {
        var folder = Path.Combine(settings.ResultsDirectory, summary.Target);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "summary.tsv"), SummaryHeader + "\n" + summary.TsvLine() + "\n");
        var failures = new StringBuilder();
        foreach (var failure in summary.Failures)
        {
            failures.AppendLine(failure.Describe(summary.Target)).AppendLine();
        }

        File.WriteAllText(Path.Combine(folder, "failures.txt"), failures.ToString());
        File.WriteAllText(Path.Combine(folder, "report.txt"), summary.Report() + "\n");
        File.WriteAllLines(Path.Combine(folder, "refusals.txt"), summary.Refusals.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => Invariant($"{r.Value,7}  {r.Key}")));
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..10];

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
