namespace GoMem.Storage;

/// <summary>One step of the store file's schema, and which store's tables it creates or changes.</summary>
internal sealed record SqliteMigration(string Store, string Sql);

/// <summary>
/// The schema of the one SQLite file every store shares (bench history and monitoring history live in the same
/// <c>gomem.db</c>), as one ordered list of migrations. Version N is reached by running migration N on a file at
/// N-1; the version lives in SQLite's <c>PRAGMA user_version</c>. Append new migrations, never edit old ones, so
/// every existing file upgrades in place.
/// </summary>
internal static class SqliteMigrations
{
    public const string Benchmarks = "benchmarks";
    public const string Monitoring = "monitoring";

    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        // 1: runs and their benchmark values (one row per value; config as the file's key: value lines).
        new(Benchmarks, """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            commit_sha TEXT NOT NULL,
            branch TEXT NOT NULL,
            time_unix_ms INTEGER NOT NULL,
            source TEXT NOT NULL,
            recorded_unix_ms INTEGER NOT NULL
        );
        CREATE TABLE benchmark_values (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            package TEXT NOT NULL,
            benchmark TEXT NOT NULL,
            unit TEXT NOT NULL,
            position INTEGER NOT NULL,
            value REAL NOT NULL,
            iterations INTEGER NOT NULL,
            config TEXT NOT NULL
        );
        CREATE INDEX benchmark_values_series ON benchmark_values (package, benchmark, unit, run_id);
        CREATE INDEX runs_time ON runs (time_unix_ms, id);
        """),

        // 2: monitoring history (targets, runtime samples, events, deduplicated profiles, findings).
        new(Monitoring, GoMem.Storage.Monitoring.SqliteMonitoringSchema.Version2),

        // 3: the rest of what gomem explain reads of a runtime sample (runtime metadata, pauses, size classes, live heap).
        new(Monitoring, GoMem.Storage.Monitoring.SqliteMonitoringSchema.ExplainFigures),

        // 4: collectors and their leases on targets, so several collectors sharing the store split the targets.
        new(Monitoring, GoMem.Storage.Monitoring.SqliteMonitoringSchema.Leases),

        // 5: retention (runtime rollups, the count of snapshots deleted since a target's profile parts were collected).
        new(Monitoring, GoMem.Storage.Monitoring.SqliteMonitoringSchema.Retention),

        // 6: alerts (one row per alert of a target: its labels, state, times, annotations).
        new(Monitoring, GoMem.Storage.Monitoring.SqliteMonitoringSchema.Alerts),
    ];

    /// <summary>The version of the whole file once every migration has run.</summary>
    public static int Latest => All.Count;

    /// <summary>
    /// The last migration that created or changed one store's tables: that store's own schema version. The bench
    /// tables are still as migration 1 made them however many monitoring migrations follow.
    /// </summary>
    public static int LatestFor(string store)
    {
        for (var i = All.Count - 1; i >= 0; i--)
        {
            if (All[i].Store == store)
            {
                return i + 1;
            }
        }

        throw new ArgumentException($"no migration creates the tables of store \"{store}\"", nameof(store));
    }
}
