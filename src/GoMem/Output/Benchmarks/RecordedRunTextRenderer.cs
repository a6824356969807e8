using System.Globalization;
using GoMem.Storage;

namespace GoMem.Output.Benchmarks;

/// <summary><c>gomem bench record</c> as one line: what was stored, under which commit, branch and time.</summary>
public static class RecordedRunTextRenderer
{
    public static void Write(TextWriter writer, RecordedRun recorded)
    {
        var run = recorded.Run;
        writer.Write($"recorded run {run.Id}: {recorded.Results} results ({recorded.Values} values) of {run.Commit} on {(run.Branch.Length > 0 ? run.Branch : "no branch")} at {Stamp(run)}\n");
    }

    /// <summary>The run's time as both renderings print it: UTC, to the second.</summary>
    internal static string Stamp(StoredRun run) => run.Time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
