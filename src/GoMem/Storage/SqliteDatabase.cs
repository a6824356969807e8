using System.Globalization;
using GoMem.IO;
using Microsoft.Data.Sqlite;

namespace GoMem.Storage;

/// <summary>
/// Opens the one SQLite file that every store shares (<c>--store gomem.db</c>): created on first use, migrated to
/// the latest schema (<see cref="SqliteMigrations"/>, one ordered list for the whole file), in WAL journal mode with a
/// busy timeout so a reader (a command, the dashboard) and the collector can use the file at the same time, and with
/// foreign keys enforced. A file written by a newer gomem (a higher schema version) is refused rather than damaged;
/// a file that is not an SQLite database is a <see cref="BadInputException"/>.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    /// <summary>How long a statement waits for another connection's write lock before giving up.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    private SqliteDatabase(string path, SqliteConnection connection, int version)
    {
        Path = path;
        Connection = connection;
        Version = version;
    }

    /// <summary>The file as named by the caller, for messages.</summary>
    public string Path { get; }

    public SqliteConnection Connection { get; }

    /// <summary>The file's schema version after opening (every migration applied).</summary>
    public int Version { get; }

    public static SqliteDatabase Open(string path)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {(long)BusyTimeout.TotalMilliseconds};");

            // Read before anything writes to the file, so a newer store is left exactly as it was.
            var version = UserVersion(connection);
            Refuse(path, version);
            if (!string.Equals(Scalar(connection, "PRAGMA journal_mode = WAL;") as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new IOException($"{path}: the store cannot use write-ahead logging (is it on a network file system?)");
            }

            // In WAL mode, NORMAL syncs at checkpoints, not at every commit: a killed process still loses nothing it
            // committed (the WAL is written before commit returns); only a crash of the whole machine may lose the last
            // commits. The collector commits about a hundred cycles a second at 1,000 targets, where FULL spent 6% of
            // its CPU in fsync (docs/PERFORMANCE.md).
            Execute(connection, "PRAGMA synchronous = NORMAL;");
            Execute(connection, "PRAGMA foreign_keys = ON;");
            if (version < SqliteMigrations.Latest)
            {
                Migrate(connection, path);
            }

            return new SqliteDatabase(path, connection, SqliteMigrations.Latest);
        }
        catch (SqliteException e) when (IsUnavailable(e))
        {
            // The file could not be opened, written or locked: an I/O failure, not a bad store.
            connection.Dispose();
            throw new IOException($"{path}: cannot open the store ({Reason(e)})", e);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new BadInputException(path, $"not a gomem store ({Reason(e)})", inner: e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// True when SQLite could not use the file (locked past the busy timeout, read-only, an I/O error, the disk full,
    /// not permitted), rather than found it wrong: the store is unavailable, not bad.
    /// </summary>
    public static bool IsUnavailable(SqliteException e) =>
        (e.SqliteErrorCode & 0xff) is SqliteBusy or SqliteLocked or SqliteCantOpen or SqliteIoError or SqliteReadOnly or SqliteFull or SqlitePermission;

    /// <summary>What SQLite said, as one line without its "SQLite Error N:" prefix and quotes: "database or disk is full".</summary>
    public static string Reason(SqliteException e)
    {
        var line = FirstLine(e);
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        return (line.StartsWith("SQLite Error", StringComparison.Ordinal) && colon > 0 ? line[(colon + 2)..] : line).Trim().TrimEnd('.').Trim('\'', ' ');
    }

    /// <summary>SQLite result codes (primary, the low byte) that mean the file could not be used, not that it is wrong.</summary>
    private const int SqlitePermission = 3, SqliteBusy = 5, SqliteLocked = 6, SqliteReadOnly = 8, SqliteIoError = 10, SqliteFull = 13, SqliteCantOpen = 14;

    public SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public void Dispose() => Connection.Dispose();

    /// <summary>
    /// Runs the missing migrations in one write transaction, reading the version again inside it: two processes
    /// opening a new file at once migrate it once (the second waits for the lock, then finds nothing to do).
    /// </summary>
    private static void Migrate(SqliteConnection connection, string path)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = UserVersion(connection, transaction);
        Refuse(path, version);
        for (var next = version + 1; next <= SqliteMigrations.Latest; next++)
        {
            Execute(connection, SqliteMigrations.All[next - 1].Sql, transaction);
            Execute(connection, $"PRAGMA user_version = {next};", transaction);
        }

        transaction.Commit();
    }

    private static void Refuse(string path, int version)
    {
        if (version > SqliteMigrations.Latest)
        {
            throw new BadInputException(path, $"store schema version {version} is newer than this gomem understands ({SqliteMigrations.Latest}); upgrade gomem");
        }
    }

    private static string FirstLine(SqliteException e) => e.Message.Split('\n')[0];

    private static int UserVersion(SqliteConnection connection, SqliteTransaction? transaction = null) =>
        Convert.ToInt32(Scalar(connection, "PRAGMA user_version;", transaction), CultureInfo.InvariantCulture);

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
