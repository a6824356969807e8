namespace GoMem.Storage.Monitoring;

/// <summary>The tables of a target's profile parts, in the order they are swept (users before what they use: foreign keys hold throughout).</summary>
internal enum PartTable
{
    Stacks,
    Locations,
    Functions,
    Mappings,
    Strings,
}

/// <summary>Part ids a set of snapshots refers to, per table.</summary>
internal sealed class PartReferences
{
    public HashSet<long> Mappings { get; } = [];

    public HashSet<long> Functions { get; } = [];

    public HashSet<long> Locations { get; } = [];

    /// <summary>Label strings from the snapshots' tables, and (once resolved) the strings of their mappings and functions.</summary>
    public HashSet<long> Strings { get; } = [];

    public HashSet<long> Stacks { get; } = [];

    public HashSet<long> Of(PartTable table) => table switch
    {
        PartTable.Stacks => Stacks,
        PartTable.Locations => Locations,
        PartTable.Functions => Functions,
        PartTable.Mappings => Mappings,
        PartTable.Strings => Strings,
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };
}

/// <summary>One engine's access to one target's snapshots and parts, for <see cref="ProfilePartCollection"/>.</summary>
internal interface IPartCollectionTables
{
    /// <summary>The target's snapshots with an id above <paramref name="afterId"/>, lowest first, at most <paramref name="limit"/>: id and tables blob.</summary>
    List<(long Id, byte[] Tables)> SnapshotTables(long afterId, int limit);

    /// <summary>The tables blobs of these snapshots (those that still exist).</summary>
    List<(long Id, byte[] Tables)> SnapshotTables(IReadOnlyList<long> ids);

    /// <summary>Every snapshot id of the target.</summary>
    List<long> SnapshotIds();

    /// <summary>Every part id of the target in one table.</summary>
    List<long> PartIds(PartTable table);

    /// <summary>
    /// The strings used by mappings (file, build id) or functions (name, system name, file name), as (part id,
    /// string id) pairs: of the parts with these ids, or of all the target's parts in the table when null.
    /// </summary>
    List<(long Part, long String)> StringsUsedBy(PartTable table, IReadOnlyList<long>? ids);

    /// <summary>Deletes these parts of one table; returns how many were there.</summary>
    int Delete(PartTable table, IReadOnlyList<long> ids);

    /// <summary>The count of the target's snapshots deleted since its parts were last collected.</summary>
    long DeletedCount();

    /// <summary>Takes <paramref name="collected"/> off that count (deletions counted while this collection ran stay counted).</summary>
    void SubtractDeleted(long collected);
}

/// <summary>
/// Deletes the profile parts of one target that no remaining snapshot uses (mark and sweep), in steps:
/// first every snapshot's tables are read, a page per step, without holding the write lock (which parts each uses);
/// then the parts used by none are deleted, a batch per step, each step one write transaction that first reads
/// whatever snapshots were added since marking began and keeps their parts too. Writers of the target are
/// serialized with these transactions (SQLite's write lock; PostgreSQL's per-target advisory lock), so a part a
/// new snapshot found by its content is never deleted under it; a part deleted before a snapshot looks for it is
/// simply stored again.
/// </summary>
public sealed class ProfilePartCollection
{
    private readonly Func<Func<IPartCollectionTables, int>, int> _read;
    private readonly Func<Func<IPartCollectionTables, int>, int> _write;
    private readonly string _source;
    private readonly HashSet<long> _marked = [];
    private readonly PartReferences _used = new();
    private readonly HashSet<long> _resolvedMappings = [], _resolvedFunctions = [];
    private readonly List<long> _garbage = [];
    private long _lastMarked;
    private long? _deletedAtStart;
    private PartTable? _sweeping;
    private int _next;

    internal ProfilePartCollection(Func<Func<IPartCollectionTables, int>, int> read, Func<Func<IPartCollectionTables, int>, int> write, string source)
    {
        _read = read;
        _write = write;
        _source = source;
    }

    /// <summary>True once every unused part is deleted.</summary>
    public bool Done { get; private set; }

    /// <summary>Snapshots whose tables were read.</summary>
    public long SnapshotsRead => _marked.Count;

    /// <summary>Parts deleted so far.</summary>
    public long PartsDeleted { get; private set; }

    /// <summary>
    /// Does one step: reads up to <paramref name="budget"/> snapshots' tables, or deletes up to
    /// <paramref name="budget"/> unused parts of one table in one transaction. Returns the rows read or deleted.
    /// </summary>
    public int Step(int budget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        if (Done)
        {
            return 0;
        }

        return _sweeping is null ? _read(tables => Mark(tables, budget)) : _write(tables => Sweep(tables, budget));
    }

    private int Mark(IPartCollectionTables tables, int budget)
    {
        _deletedAtStart ??= tables.DeletedCount();
        var page = tables.SnapshotTables(_lastMarked, budget);
        Use(page);
        if (page.Count > 0)
        {
            _lastMarked = page[^1].Id;
        }

        if (page.Count == budget)
        {
            return page.Count;
        }

        ResolveStrings(tables, all: true);
        _sweeping = PartTable.Stacks;
        Candidates(tables);
        return page.Count;
    }

    private int Sweep(IPartCollectionTables tables, int budget)
    {
        // Under the write lock: snapshots added since marking began keep what they use.
        var added = tables.SnapshotIds().Where(id => !_marked.Contains(id)).ToList();
        if (added.Count > 0)
        {
            Use(tables.SnapshotTables(added));
            ResolveStrings(tables, all: false);
        }

        var table = _sweeping!.Value;
        var used = _used.Of(table);
        var batch = new List<long>(Math.Min(budget, _garbage.Count - _next));
        while (_next < _garbage.Count && batch.Count < budget)
        {
            var id = _garbage[_next++];
            if (!used.Contains(id))
            {
                batch.Add(id);
            }
        }

        var deleted = batch.Count == 0 ? 0 : tables.Delete(table, batch);
        PartsDeleted += deleted;
        if (_next >= _garbage.Count)
        {
            if (table == PartTable.Strings)
            {
                tables.SubtractDeleted(_deletedAtStart ?? 0);
                Done = true;
            }
            else
            {
                _sweeping = table + 1;
                Candidates(tables);
            }
        }

        return Math.Max(deleted, batch.Count);
    }

    private void Use(List<(long Id, byte[] Tables)> snapshots)
    {
        foreach (var (id, blob) in snapshots)
        {
            if (_marked.Add(id))
            {
                ProfileSnapshotCodec.AddReferences(blob, $"{_source} (profile snapshot {id})", _used);
            }
        }
    }

    /// <summary>The strings of the used mappings and functions not looked at yet (all of the target's at the end of marking).</summary>
    private void ResolveStrings(IPartCollectionTables tables, bool all)
    {
        foreach (var (table, resolved) in new[] { (PartTable.Mappings, _resolvedMappings), (PartTable.Functions, _resolvedFunctions) })
        {
            var used = _used.Of(table);
            var pending = used.Where(resolved.Add).ToList();
            if (pending.Count > 0)
            {
                foreach (var (part, text) in tables.StringsUsedBy(table, all ? null : pending))
                {
                    if (used.Contains(part))
                    {
                        _used.Strings.Add(text);
                    }
                }
            }
        }
    }

    /// <summary>The parts of the table being swept that no marked snapshot uses (checked again, under the lock, as they are deleted).</summary>
    private void Candidates(IPartCollectionTables tables)
    {
        var used = _used.Of(_sweeping!.Value);
        _garbage.Clear();
        _garbage.AddRange(tables.PartIds(_sweeping.Value).Where(id => !used.Contains(id)));
        _next = 0;
    }
}
