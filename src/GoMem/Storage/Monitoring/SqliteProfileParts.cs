using GoMem.IO;
using Microsoft.Data.Sqlite;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// One target's content-addressed profile parts in the SQLite tables (see <see cref="SqliteMonitoringSchema"/>):
/// each part is looked up by (target, hash) and confirmed by its columns, and inserted when missing. Prepared
/// statements, one row at a time: SQLite runs in-process, so there is no round trip to save.
/// </summary>
internal sealed class SqliteProfileParts(SqliteConnection connection, SqliteTransaction? transaction, long targetId, string source) : IProfilePartStore, IDisposable
{
    private readonly List<SqliteCommand> _commands = [];

    public long[] InternStrings(IReadOnlyList<Hashed<string>> strings)
    {
        var find = Prepare("SELECT id FROM profile_strings WHERE target_id = $target AND hash = $hash AND value = $value;", "$value");
        var insert = Prepare("INSERT INTO profile_strings (target_id, hash, value) VALUES ($target, $hash, $value) RETURNING id;", "$value");
        return Intern(strings, find, insert, (command, value) => command.Parameters["$value"].Value = value);
    }

    public long[] InternMappings(IReadOnlyList<Hashed<MappingPart>> mappings)
    {
        string[] columns = ["$start", "$limit", "$offset", "$file", "$build", "$flags", "$variant"];
        var find = Prepare("""
            SELECT id FROM profile_mappings WHERE target_id = $target AND hash = $hash AND memory_start = $start AND memory_limit = $limit
                AND file_offset = $offset AND file_id = $file AND build_id_id = $build AND flags = $flags AND variant = $variant;
            """, columns);
        var insert = Prepare("""
            INSERT INTO profile_mappings (target_id, hash, memory_start, memory_limit, file_offset, file_id, build_id_id, flags, variant)
            VALUES ($target, $hash, $start, $limit, $offset, $file, $build, $flags, $variant) RETURNING id;
            """, columns);
        return Intern(mappings, find, insert, (command, m) =>
        {
            var p = command.Parameters;
            p["$start"].Value = unchecked((long)m.Start);
            p["$limit"].Value = unchecked((long)m.Limit);
            p["$offset"].Value = unchecked((long)m.Offset);
            p["$file"].Value = m.FileId;
            p["$build"].Value = m.BuildIdId;
            p["$flags"].Value = m.Flags;
            p["$variant"].Value = m.Variant;
        });
    }

    public long[] InternFunctions(IReadOnlyList<Hashed<FunctionPart>> functions)
    {
        string[] columns = ["$name", "$system", "$file", "$start", "$variant"];
        var find = Prepare("""
            SELECT id FROM profile_functions WHERE target_id = $target AND hash = $hash AND name_id = $name AND system_name_id = $system
                AND filename_id = $file AND start_line = $start AND variant = $variant;
            """, columns);
        var insert = Prepare("""
            INSERT INTO profile_functions (target_id, hash, name_id, system_name_id, filename_id, start_line, variant)
            VALUES ($target, $hash, $name, $system, $file, $start, $variant) RETURNING id;
            """, columns);
        return Intern(functions, find, insert, (command, f) =>
        {
            var p = command.Parameters;
            p["$name"].Value = f.NameId;
            p["$system"].Value = f.SystemNameId;
            p["$file"].Value = f.FilenameId;
            p["$start"].Value = f.StartLine;
            p["$variant"].Value = f.Variant;
        });
    }

    public long[] InternLocations(IReadOnlyList<Hashed<LocationPart>> locations)
    {
        string[] columns = ["$mapping", "$address", "$folded", "$variant", "$lines"];
        var find = Prepare("""
            SELECT id FROM profile_locations WHERE target_id = $target AND hash = $hash AND mapping_id IS $mapping AND address = $address
                AND is_folded = $folded AND variant = $variant AND lines = $lines;
            """, columns);
        var insert = Prepare("""
            INSERT INTO profile_locations (target_id, hash, mapping_id, address, is_folded, variant, lines)
            VALUES ($target, $hash, $mapping, $address, $folded, $variant, $lines) RETURNING id;
            """, columns);
        return Intern(locations, find, insert, (command, l) =>
        {
            var p = command.Parameters;
            p["$mapping"].Value = l.MappingId == 0 ? DBNull.Value : l.MappingId;
            p["$address"].Value = unchecked((long)l.Address);
            p["$folded"].Value = l.IsFolded ? 1 : 0;
            p["$variant"].Value = l.Variant;
            p["$lines"].Value = l.Lines;
        });
    }

    public long[] InternStacks(IReadOnlyList<Hashed<byte[]>> stacks)
    {
        var find = Prepare("SELECT id FROM profile_stacks WHERE target_id = $target AND hash = $hash AND locations = $locations;", "$locations");
        var insert = Prepare("INSERT INTO profile_stacks (target_id, hash, locations) VALUES ($target, $hash, $locations) RETURNING id;", "$locations");
        return Intern(stacks, find, insert, (command, locations) => command.Parameters["$locations"].Value = locations);
    }

    public string[] LoadStrings(IReadOnlyList<long> ids) =>
        Load(ids, "SELECT value FROM profile_strings WHERE id = $id AND target_id = $target;", "string", r => r.GetString(0));

    public MappingPart[] LoadMappings(IReadOnlyList<long> ids) =>
        Load(ids, "SELECT memory_start, memory_limit, file_offset, file_id, build_id_id, flags, variant FROM profile_mappings WHERE id = $id AND target_id = $target;", "mapping", r =>
            new MappingPart(unchecked((ulong)r.GetInt64(0)), unchecked((ulong)r.GetInt64(1)), unchecked((ulong)r.GetInt64(2)), r.GetInt64(3), r.GetInt64(4), r.GetInt32(5), r.GetInt32(6)));

    public FunctionPart[] LoadFunctions(IReadOnlyList<long> ids) =>
        Load(ids, "SELECT name_id, system_name_id, filename_id, start_line, variant FROM profile_functions WHERE id = $id AND target_id = $target;", "function", r =>
            new FunctionPart(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt32(4)));

    public LocationPart[] LoadLocations(IReadOnlyList<long> ids) =>
        Load(ids, "SELECT mapping_id, address, is_folded, variant, lines FROM profile_locations WHERE id = $id AND target_id = $target;", "location", r =>
            new LocationPart(r.IsDBNull(0) ? 0 : r.GetInt64(0), unchecked((ulong)r.GetInt64(1)), r.GetInt64(2) != 0, r.GetInt32(3), (byte[])r.GetValue(4)));

    public byte[][] LoadStacks(IReadOnlyList<long> ids) =>
        Load(ids, "SELECT locations FROM profile_stacks WHERE id = $id AND target_id = $target;", "stack", r => (byte[])r.GetValue(0));

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command.Dispose();
        }
    }

    private long[] Intern<T>(IReadOnlyList<Hashed<T>> parts, SqliteCommand find, SqliteCommand insert, Action<SqliteCommand, T> bind)
    {
        var ids = new long[parts.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            find.Parameters["$hash"].Value = parts[i].Hash;
            bind(find, parts[i].Part);
            if (find.ExecuteScalar() is long found)
            {
                ids[i] = found;
                continue;
            }

            insert.Parameters["$hash"].Value = parts[i].Hash;
            bind(insert, parts[i].Part);
            ids[i] = (long)insert.ExecuteScalar()!;
        }

        return ids;
    }

    private T[] Load<T>(IReadOnlyList<long> ids, string sql, string what, Func<SqliteDataReader, T> read)
    {
        var command = Prepare(sql, "$id");
        var parts = new T[ids.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            command.Parameters["$id"].Value = ids[i];
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                throw new BadInputException(source, $"the stored {what} {ids[i]} of this snapshot is missing (damaged store?)");
            }

            parts[i] = read(reader);
        }

        return parts;
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        _commands.Add(command);
        command.CommandText = sql;
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$target", targetId);
        if (sql.Contains("$hash", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("$hash", 0L);
        }

        foreach (var name in parameters)
        {
            // No declared type: each value binds as what it is (integer, text or blob).
            command.Parameters.AddWithValue(name, DBNull.Value);
        }

        return command;
    }
}
