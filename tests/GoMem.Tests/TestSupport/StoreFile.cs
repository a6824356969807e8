using System.Globalization;
using Microsoft.Data.Sqlite;

namespace GoMem.Tests.TestSupport;

/// <summary>Reads an SQLite store file through a separate read-only connection, as another process would while a collector writes it.</summary>
internal static class StoreFile
{
    /// <summary>The query's one value; 0 while the table it reads is not created yet (the collector migrates the file as it opens it). PRAGMAs fail loudly.</summary>
    public static object? Scalar(string path, string sql)
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
        catch (SqliteException) when (!sql.StartsWith("PRAGMA", StringComparison.Ordinal))
        {
            return 0L;
        }
    }

    /// <summary>A count query's value (0 for a file not there yet).</summary>
    public static long Count(string path, string sql) =>
        File.Exists(path) ? Convert.ToInt64(Scalar(path, sql) ?? 0L, CultureInfo.InvariantCulture) : 0;
}
