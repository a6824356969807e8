using System.Text;
using GoMem.IO;
using Npgsql;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// One target's content-addressed profile parts in the PostgreSQL tables: each Intern call is one statement for the
/// whole batch (the parts go as arrays through <c>unnest</c>; the stored ones are found by (target, hash) and
/// confirmed by their columns; the missing ones get consecutive ids and are inserted), each Load call one statement.
/// </summary>
/// <remarks>
/// Writers of the same target are serialized by a transaction-scoped advisory lock on the target (taken before the
/// first lookup and held to the end of the cycle), so two collectors storing the same new stack at once still store
/// it once. Readers take no lock.
/// </remarks>
internal sealed class PostgresProfileParts(NpgsqlConnection connection, NpgsqlTransaction? transaction, long targetId, string source) : IProfilePartStore
{
    /// <summary>The first key of the per-target advisory locks ("gmpp"); the second is the target id.</summary>
    private const int PartsLockClass = 0x676d7070;

    private sealed record Column(string Name, string Type, Array Values, bool Nullable = false);

    /// <summary>Takes the target's parts lock in the current transaction (a no-op when this transaction holds it already).</summary>
    public void LockTarget()
    {
        using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PartsLockClass}, (@target % 2147483647)::integer);", connection, transaction);
        command.Parameters.AddWithValue("target", targetId);
        command.ExecuteNonQuery();
    }

    public long[] InternStrings(IReadOnlyList<Hashed<string>> strings) =>
        Intern("profile_strings", strings, new Column("value", "text", Values(strings, s => s)));

    public long[] InternMappings(IReadOnlyList<Hashed<MappingPart>> mappings) => Intern(
        "profile_mappings",
        mappings,
        new Column("memory_start", "bigint", Values(mappings, m => unchecked((long)m.Start))),
        new Column("memory_limit", "bigint", Values(mappings, m => unchecked((long)m.Limit))),
        new Column("file_offset", "bigint", Values(mappings, m => unchecked((long)m.Offset))),
        new Column("file_id", "bigint", Values(mappings, m => m.FileId)),
        new Column("build_id_id", "bigint", Values(mappings, m => m.BuildIdId)),
        new Column("flags", "integer", Values(mappings, m => m.Flags)),
        new Column("variant", "integer", Values(mappings, m => m.Variant)));

    public long[] InternFunctions(IReadOnlyList<Hashed<FunctionPart>> functions) => Intern(
        "profile_functions",
        functions,
        new Column("name_id", "bigint", Values(functions, f => f.NameId)),
        new Column("system_name_id", "bigint", Values(functions, f => f.SystemNameId)),
        new Column("filename_id", "bigint", Values(functions, f => f.FilenameId)),
        new Column("start_line", "bigint", Values(functions, f => f.StartLine)),
        new Column("variant", "integer", Values(functions, f => f.Variant)));

    public long[] InternLocations(IReadOnlyList<Hashed<LocationPart>> locations) => Intern(
        "profile_locations",
        locations,
        new Column("mapping_id", "bigint", Values(locations, l => l.MappingId == 0 ? (long?)null : l.MappingId), Nullable: true),
        new Column("address", "bigint", Values(locations, l => unchecked((long)l.Address))),
        new Column("is_folded", "boolean", Values(locations, l => l.IsFolded)),
        new Column("variant", "integer", Values(locations, l => l.Variant)),
        new Column("lines", "bytea", Values(locations, l => l.Lines)));

    public long[] InternStacks(IReadOnlyList<Hashed<byte[]>> stacks) =>
        Intern("profile_stacks", stacks, new Column("locations", "bytea", Values(stacks, s => s)));

    public string[] LoadStrings(IReadOnlyList<long> ids) =>
        Load(ids, "profile_strings", "value", "string", r => r.GetString(2));

    public MappingPart[] LoadMappings(IReadOnlyList<long> ids) =>
        Load(ids, "profile_mappings", "memory_start, memory_limit, file_offset, file_id, build_id_id, flags, variant", "mapping", r =>
            new MappingPart(unchecked((ulong)r.GetInt64(2)), unchecked((ulong)r.GetInt64(3)), unchecked((ulong)r.GetInt64(4)), r.GetInt64(5), r.GetInt64(6), r.GetInt32(7), r.GetInt32(8)));

    public FunctionPart[] LoadFunctions(IReadOnlyList<long> ids) =>
        Load(ids, "profile_functions", "name_id, system_name_id, filename_id, start_line, variant", "function", r =>
            new FunctionPart(r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt32(6)));

    public LocationPart[] LoadLocations(IReadOnlyList<long> ids) =>
        Load(ids, "profile_locations", "mapping_id, address, is_folded, variant, lines", "location", r =>
            new LocationPart(r.IsDBNull(2) ? 0 : r.GetInt64(2), unchecked((ulong)r.GetInt64(3)), r.GetBoolean(4), r.GetInt32(5), r.GetFieldValue<byte[]>(6)));

    public byte[][] LoadStacks(IReadOnlyList<long> ids) =>
        Load(ids, "profile_stacks", "locations", "stack", r => r.GetFieldValue<byte[]>(2));

    private static TValue[] Values<TPart, TValue>(IReadOnlyList<Hashed<TPart>> parts, Func<TPart, TValue> value)
    {
        var values = new TValue[parts.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = value(parts[i].Part);
        }

        return values;
    }

    /// <summary>
    /// One statement: the input rows (ordinality i), the stored ones found among them, ids for the rest taken from
    /// the table's sequence in input order, the insert of the rest, and (i, id) for every input row.
    /// </summary>
    private long[] Intern<T>(string table, IReadOnlyList<Hashed<T>> parts, params Column[] columns)
    {
        if (parts.Count == 0)
        {
            return [];
        }

        var names = string.Join(", ", columns.Select(c => c.Name));
        var arrays = string.Join(", ", columns.Select((c, k) => $"@c{k}::{c.Type}[]"));
        var matches = string.Join(" AND ", columns.Select(c => c.Nullable ? $"p.{c.Name} IS NOT DISTINCT FROM x.{c.Name}" : $"p.{c.Name} = x.{c.Name}"));
        var sql = new StringBuilder()
            .Append($"WITH x AS (SELECT * FROM unnest(@hash::bigint[], {arrays}) WITH ORDINALITY AS x(hash, {names}, i)),\n")
            .Append($"found AS (SELECT DISTINCT ON (x.i) x.i, p.id FROM x JOIN {table} p ON p.target_id = @target AND p.hash = x.hash AND {matches} ORDER BY x.i, p.id),\n")
            .Append($"missing AS (SELECT x.*, nextval(pg_get_serial_sequence('{table}', 'id')) AS id FROM x WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.i = x.i) ORDER BY x.i),\n")
            .Append($"inserted AS (INSERT INTO {table} (id, target_id, hash, {names}) SELECT id, @target, hash, {names} FROM missing)\n")
            .Append("SELECT i, id FROM found UNION ALL SELECT i, id FROM missing;")
            .ToString();
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("target", targetId);
        command.Parameters.AddWithValue("hash", parts.Select(p => p.Hash).ToArray());
        for (var k = 0; k < columns.Length; k++)
        {
            command.Parameters.AddWithValue($"c{k}", columns[k].Values);
        }

        var ids = new long[parts.Count];
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids[reader.GetInt64(0) - 1] = reader.GetInt64(1);
        }

        return ids;
    }

    private T[] Load<T>(IReadOnlyList<long> ids, string table, string columns, string what, Func<NpgsqlDataReader, T> read)
    {
        var parts = new T[ids.Count];
        if (parts.Length == 0)
        {
            return parts;
        }

        using var command = new NpgsqlCommand(
            $"SELECT x.id, p.id, {columns} FROM unnest(@ids::bigint[]) WITH ORDINALITY AS x(id, i) LEFT JOIN {table} p ON p.id = x.id AND p.target_id = @target ORDER BY x.i;",
            connection,
            transaction);
        command.Parameters.AddWithValue("target", targetId);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        using var reader = command.ExecuteReader();
        for (var i = 0; reader.Read(); i++)
        {
            if (reader.IsDBNull(1))
            {
                throw new BadInputException(source, $"the stored {what} {reader.GetInt64(0)} of this snapshot is missing (damaged store?)");
            }

            parts[i] = read(reader);
        }

        return parts;
    }
}
