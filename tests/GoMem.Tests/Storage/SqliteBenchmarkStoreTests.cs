using GoMem.Benchmarks;
using GoMem.Benchmarks.Parsing;
using GoMem.Storage;
using GoMem.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace GoMem.Tests.Storage;

public sealed class SqliteBenchmarkStoreTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("gomem-store-");

    private string StorePath => Path.Combine(_directory.FullName, "gomem.db");

    public void Dispose() => _directory.Delete(recursive: true);

    private static BenchmarkFile Alloc(string version)
    {
        using var stream = File.OpenRead(RepoPaths.Scenario("bench-alloc", version + ".txt"));
        return BenchmarkReader.Read(stream, version + ".txt", version + ".txt");
    }

    [Fact]
    public void A_new_store_is_migrated_to_the_latest_schema()
    {
        using var store = SqliteBenchmarkStore.Open(StorePath);
        Assert.Equal(1, store.SchemaVersion);
        Assert.Empty(store.Runs());
    }

    [Fact]
    public void Runs_and_every_value_survive_reopening()
    {
        var v1 = Alloc("v1");
        using (var store = SqliteBenchmarkStore.Open(StorePath))
        {
            store.Record(new RunInfo("bbb", "main", DateTimeOffset.Parse("2026-11-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "v1.txt"), v1.Results);
            store.Record(new RunInfo("aaa", "main", DateTimeOffset.Parse("2026-11-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "v1.txt"), v1.Results);
        }

        using var reopened = SqliteBenchmarkStore.Open(StorePath);
        Assert.Equal(["aaa", "bbb"], reopened.Runs().Select(r => r.Commit));
        var series = reopened.Series();
        var allocs = series.Where(p => p.Benchmark == "JoinFields-2" && p.Unit == "allocs/op").ToList();
        Assert.Equal(["aaa", "bbb"], allocs.Select(p => p.Run.Commit));
        Assert.All(allocs, p => Assert.Equal(Enumerable.Repeat(1.0, 10), p.Values));
        Assert.Equal("gomem.example/textproc", allocs[0].Package);
        var values = v1.Results.Sum(r => r.Values.Count);
        Assert.Equal(2 * values, series.Sum(p => p.Values.Count));
    }

    [Fact]
    public void A_store_from_a_newer_gomem_is_refused_untouched()
    {
        using (var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        var e = Assert.Throws<GoMem.IO.BadInputException>(() => SqliteBenchmarkStore.Open(StorePath));
        Assert.Contains("schema version 99 is newer", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_bad_input_on_the_command_line()
    {
        File.WriteAllText(StorePath, "this is not an SQLite database, just text long enough to have a header......................................");
        var result = GoMemCli.Run("bench", "trend", "--store", StorePath);
        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith($"gomem: {StorePath}: not a gomem store", result.Stderr);
    }
}
