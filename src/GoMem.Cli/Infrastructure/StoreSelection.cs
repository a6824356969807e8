using System.CommandLine;
using GoMem.IO;
using GoMem.Profiles;
using GoMem.Sources;
using GoMem.Storage.Monitoring;

namespace GoMem.Cli.Infrastructure;

/// <summary>
/// --store, --target, --at and --kind: read a profile that <c>gomem watch</c> stored instead of a file, so the one-shot
/// reports work on history (<c>gomem top --store gomem.db --target api/127.0.0.1:6060 --at -2h</c>).
/// </summary>
internal sealed class StoreSelection
{
    public Option<string?> Store { get; } = new("--store") { Description = "Read the profile from the store gomem watch fills (an SQLite file or a postgres:// URL) instead of a file or URL." };

    public Option<string?> Target { get; } = new("--target") { Description = "With --store: the target, as job/instance, instance, or a label value (not needed when the store has one)." };

    public Option<string> At { get; } = new("--at")
    {
        Description = "With --store: the moment (RFC 3339, 'now', or a duration ago such as -2h); the stored snapshot nearest it is used.",
        DefaultValueFactory = _ => "now",
    };

    public Option<string> Kind { get; } = new Option<string>("--kind")
    {
        Description = "With --store: which profile: heap, allocs or goroutine.",
        DefaultValueFactory = _ => ProfileKinds.Heap,
    }.AcceptOnlyFromAmong(ProfileKinds.Heap, ProfileKinds.Allocs, ProfileKinds.Goroutine);

    public void AddTo(Command command)
    {
        command.Options.Add(Store);
        command.Options.Add(Target);
        command.Options.Add(At);
        command.Options.Add(Kind);
    }

    public bool IsGiven(ParseResult result) => result.GetValue(Store) is not null;

    /// <summary>Exactly one of a PROFILE argument (<paramref name="argument"/>) and --store: neither or both is a usage error.</summary>
    public void RequireProfileOrStore(ParseResult result, string? argument)
    {
        if (IsGiven(result) && argument is not null)
        {
            throw new UsageException("give a PROFILE (file, '-' or URL) or --store, not both");
        }

        if (!IsGiven(result) && argument is null)
        {
            throw new UsageException("missing argument <profile>: a file, '-' for standard input or a URL (or --store for what gomem watch stored)");
        }
    }

    /// <summary>The profile the selection names: the snapshot nearest --at, or nearest <paramref name="at"/> when given.</summary>
    public Profile Read(ParseResult result, string? at = null)
    {
        using var store = Open(result.GetValue(Store)!);
        return StoredProfileSource.Read(store, result.GetValue(Store)!, result.GetValue(Target), result.GetValue(Kind)!, Time(at ?? result.GetValue(At)!, at is null ? "--at" : "--from/--to"));
    }

    /// <summary>Opens an existing store (an SQLite file or a postgres:// URL); a missing file is an I/O error naming the command that fills it.</summary>
    public static IMonitoringStore Open(string path)
    {
        if (!MonitoringStores.IsPostgres(path))
        {
            RequireStoreFile(path, $"gomem watch --store {path} fills one");
        }

        return MonitoringStores.Open(path);
    }

    /// <summary>A store that is created on first use (an SQLite file, or a postgres:// URL): not a directory, in a directory that exists.</summary>
    public static void RequireCreatable(string path)
    {
        if (MonitoringStores.IsPostgres(path))
        {
            return;
        }

        if (Directory.Exists(path))
        {
            throw new FileProblemException(path, $"{path}: is a directory, not a store file");
        }

        FileProblem.CheckWritable(path);
    }

    /// <summary>A store file that must already exist: "no such store" with how to fill one, or "is a directory".</summary>
    public static void RequireStoreFile(string path, string howToFill)
    {
        if (Directory.Exists(path))
        {
            throw new FileProblemException(path, $"{path}: is a directory, not a store file");
        }

        if (!File.Exists(path))
        {
            throw new FileProblemException(path, $"{path}: no such store ({howToFill})");
        }
    }

    /// <summary>--since: a duration before <paramref name="to"/> (6h, or in days for history kept that long: 3d, 2w), or a time.</summary>
    public static DateTimeOffset Since(string text, DateTimeOffset to) =>
        GoDuration.TryParse(text, allowDaysWeeksYears: true, out var span) ? to - span : Time(text, "--since");

    public static DateTimeOffset Time(string text, string option) =>
        TimeExpression.TryParse(text, DateTimeOffset.UtcNow, out var time)
            ? time
            : throw new UsageException($"{option}: \"{text}\" is not a time (RFC 3339 such as 2026-12-04T10:00:00Z, 'now', or a duration ago such as -2h)");
}
