using System.Data.Common;

namespace GoMem.Storage;

/// <summary>Reading the rows of a command, the same for every engine (SQLite and PostgreSQL are both ADO.NET providers).</summary>
internal static class DbRows
{
    /// <summary>Every row of <paramref name="command"/>, each read by <paramref name="read"/>.</summary>
    public static List<T> Read<T>(DbCommand command, Func<DbDataReader, T> read)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
