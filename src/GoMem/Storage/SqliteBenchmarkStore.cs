using GoMem.Benchmarks;
using Microsoft.Data.Sqlite;

namespace GoMem.Storage;

/// <summary>
/// The embedded benchmark store: the tables for bench history in the one SQLite file every store shares (default
/// <c>./gomem.db</c>), opened, created and migrated by <see cref="SqliteDatabase"/>.
/// </summary>
public sealed class SqliteBenchmarkStore : IBenchmarkStore
{
    private readonly SqliteDatabase _database;
    private readonly SqliteConnection _connection;

    private SqliteBenchmarkStore(SqliteDatabase database)
    {
        _database = database;
        _connection = database.Connection;
    }

    /// <summary>The version of the benchmark tables: the last migration of the shared file that changed them.</summary>
    public int SchemaVersion { get; } = SqliteMigrations.LatestFor(SqliteMigrations.Benchmarks);

    /// <summary>Opens (creating if needed) and migrates the store file at <paramref name="path"/> (see <see cref="SqliteDatabase"/>).</summary>
    public static SqliteBenchmarkStore Open(string path) => new(SqliteDatabase.Open(path));

    public StoredRun Record(RunInfo run, IReadOnlyList<BenchmarkResult> results)
    {
        using var transaction = _connection.BeginTransaction();
        var recorded = DateTimeOffset.UtcNow;
        using var insertRun = _connection.CreateCommand();
        insertRun.Transaction = transaction;
        insertRun.CommandText = "INSERT INTO runs (commit_sha, branch, time_unix_ms, source, recorded_unix_ms) VALUES ($c, $b, $t, $s, $r); SELECT last_insert_rowid();";
        insertRun.Parameters.AddWithValue("$c", run.Commit);
        insertRun.Parameters.AddWithValue("$b", run.Branch);
        insertRun.Parameters.AddWithValue("$t", run.Time.ToUnixTimeMilliseconds());
        insertRun.Parameters.AddWithValue("$s", run.Source);
        insertRun.Parameters.AddWithValue("$r", recorded.ToUnixTimeMilliseconds());
        var id = (long)insertRun.ExecuteScalar()!;

        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO benchmark_values (run_id, package, benchmark, unit, position, value, iterations, config) VALUES ($run, $pkg, $name, $unit, $pos, $value, $n, $config);";
        var pRun = insert.Parameters.Add("$run", SqliteType.Integer);
        var pPackage = insert.Parameters.Add("$pkg", SqliteType.Text);
        var pName = insert.Parameters.Add("$name", SqliteType.Text);
        var pUnit = insert.Parameters.Add("$unit", SqliteType.Text);
        var pPosition = insert.Parameters.Add("$pos", SqliteType.Integer);
        var pValue = insert.Parameters.Add("$value", SqliteType.Real);
        var pIterations = insert.Parameters.Add("$n", SqliteType.Integer);
        var pConfig = insert.Parameters.Add("$config", SqliteType.Text);
        insert.Prepare();
        pRun.Value = id;
        var position = 0;
        foreach (var result in results)
        {
            var config = string.Join("\n", result.Config.Select(c => c.Key + ": " + c.Value));
            foreach (var measurement in result.Values)
            {
                pPackage.Value = result.ConfigValue("pkg");
                pName.Value = result.FullName;
                pUnit.Value = measurement.Unit;
                pPosition.Value = position++;
                pValue.Value = measurement.Value;
                pIterations.Value = result.Iterations;
                pConfig.Value = config;
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        return new StoredRun(id, run.Commit, run.Branch, run.Time, run.Source, recorded);
    }

    public IReadOnlyList<StoredRun> Runs()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, commit_sha, branch, time_unix_ms, source, recorded_unix_ms FROM runs ORDER BY time_unix_ms, id;";
        using var reader = command.ExecuteReader();
        var runs = new List<StoredRun>();
        while (reader.Read())
        {
            runs.Add(new StoredRun(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }

        return runs;
    }

    public IReadOnlyList<StoredSeriesPoint> Series()
    {
        var runs = Runs().ToDictionary(r => r.Id);
        var rank = Runs().Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT run_id, package, benchmark, unit, value FROM benchmark_values ORDER BY run_id, position;";
        using var reader = command.ExecuteReader();
        var points = new Dictionary<(long Run, string Package, string Name, string Unit), List<double>>();
        var firstSeen = new Dictionary<(string, string, string), int>();
        while (reader.Read())
        {
            var key = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
            if (!points.TryGetValue(key, out var values))
            {
                values = [];
                points[key] = values;
                firstSeen.TryAdd((key.Item2, key.Item3, key.Item4), firstSeen.Count);
            }

            values.Add(reader.GetDouble(4));
        }

        return [.. points
            .OrderBy(p => firstSeen[(p.Key.Package, p.Key.Name, p.Key.Unit)])
            .ThenBy(p => rank[p.Key.Run])
            .Select(p => new StoredSeriesPoint(runs[p.Key.Run], p.Key.Package, p.Key.Name, p.Key.Unit, p.Value))];
    }

    public void Dispose() => _database.Dispose();
}
