namespace GoMem.Storage;

/// <summary>
/// The store's schema as an ordered list of migrations. Version N is reached by running migration N on a store at
/// N-1; the version lives in SQLite's <c>PRAGMA user_version</c>. Append new migrations, never edit old ones, so
/// every existing store upgrades in place.
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<string> All { get; } =
    [
        // 1: runs and their benchmark values (one row per value; config as the file's key: value lines).
        """
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
        """,
    ];

    public static int Latest => All.Count;
}
