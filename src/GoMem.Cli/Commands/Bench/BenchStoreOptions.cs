using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Storage;

namespace GoMem.Cli.Commands.Bench;

/// <summary>The --store option shared by record, history and trend, and the --time syntax.</summary>
internal static class BenchStoreOptions
{
    public static Option<string> Store() => new("--store")
    {
        Description = "The benchmark store: an SQLite file, created on first use.",
        DefaultValueFactory = _ => "gomem.db",
    };

    public static IBenchmarkStore Open(string path, bool mustExist)
    {
        if (mustExist)
        {
            StoreSelection.RequireStoreFile(path, $"record runs with gomem bench record FILE --store {path}");
        }
        else
        {
            StoreSelection.RequireCreatable(path);
        }

        return SqliteBenchmarkStore.Open(path);
    }

    public static DateTimeOffset ParseTime(string text)
    {
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        throw new UsageException($"--time: \"{text}\" is not a date and time (e.g. 2026-11-23T05:00:00Z)");
    }
}
